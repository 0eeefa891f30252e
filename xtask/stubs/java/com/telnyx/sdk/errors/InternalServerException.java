// Stand-in for the official Telnyx Java SDK (names and signatures only). See xtask/stubs/README.md.
package com.telnyx.sdk.errors;

public class InternalServerException extends TelnyxServiceException {
    public InternalServerException(String message) { super(message); }
}

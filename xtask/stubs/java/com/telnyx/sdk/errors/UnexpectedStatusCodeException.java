// Stand-in for the official Telnyx Java SDK (names and signatures only). See xtask/stubs/README.md.
package com.telnyx.sdk.errors;

public class UnexpectedStatusCodeException extends TelnyxServiceException {
    public UnexpectedStatusCodeException(String message) { super(message); }
}

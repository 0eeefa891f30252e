// Stand-in for the official Telnyx Java SDK (names and signatures only). See xtask/stubs/README.md.
package com.telnyx.sdk.errors;

public class BadRequestException extends TelnyxServiceException {
    public BadRequestException(String message) { super(message); }
}

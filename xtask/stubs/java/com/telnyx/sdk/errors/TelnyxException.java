// Stand-in for the official Telnyx Java SDK (names and signatures only). See xtask/stubs/README.md.
package com.telnyx.sdk.errors;

public class TelnyxException extends RuntimeException {
    public TelnyxException(String message) { super(message); }
}

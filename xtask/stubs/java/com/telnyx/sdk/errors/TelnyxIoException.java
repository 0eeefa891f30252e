// Stand-in for the official Telnyx Java SDK (names and signatures only). See xtask/stubs/README.md.
package com.telnyx.sdk.errors;

public class TelnyxIoException extends TelnyxException {
    public TelnyxIoException(String message) { super(message); }
}

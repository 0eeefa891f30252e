// Stand-in for the official Telnyx Java SDK (names and signatures only). See xtask/stubs/README.md.
package com.telnyx.sdk.errors;

import java.util.List;
import java.util.Map;

public class TelnyxServiceException extends TelnyxException {
    public TelnyxServiceException(String message) { super(message); }
    public int statusCode() { return 0; }
    public Map<String, List<String>> headers() { return Map.of(); }
}

// Stand-in for the official Telnyx Java SDK (names and signatures only). See xtask/stubs/README.md.
package com.telnyx.sdk.client.okhttp;

import com.telnyx.sdk.client.TelnyxClient;
import java.time.Duration;

public final class TelnyxOkHttpClient {
    private TelnyxOkHttpClient() {}
    public static TelnyxClient fromEnv() { throw new UnsupportedOperationException(); }
    public static Builder builder() { return new Builder(); }
    public static final class Builder {
        public Builder fromEnv() { return this; }
        public Builder apiKey(String apiKey) { return this; }
        public Builder baseUrl(String baseUrl) { return this; }
        public Builder maxRetries(int maxRetries) { return this; }
        public Builder timeout(Duration timeout) { return this; }
        public TelnyxClient build() { throw new UnsupportedOperationException(); }
    }
}

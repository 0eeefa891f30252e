// Stand-in for the official Telnyx Java SDK (names and signatures only). See xtask/stubs/README.md.
package com.telnyx.sdk.models.oauth;

import java.util.List;

public final class OAuthGrantsParams {
    private OAuthGrantsParams() {}
    public static Builder builder() { return new Builder(); }
    public static OAuthGrantsParams none() { return new OAuthGrantsParams(); }
    public static final class Builder {
        /** Sets one header of this request, replacing the client's (the API key's Authorization). */
        public Builder putAdditionalHeader(String name, String value) { return this; }
        public Builder allowed(boolean value) { return this; }
        public Builder consentToken(String value) { return this; }
        public OAuthGrantsParams build() { return new OAuthGrantsParams(); }
    }
}

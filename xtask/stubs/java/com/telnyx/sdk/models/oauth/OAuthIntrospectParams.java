// Stand-in for the official Telnyx Java SDK (names and signatures only). See xtask/stubs/README.md.
package com.telnyx.sdk.models.oauth;

import java.util.List;

public final class OAuthIntrospectParams {
    private OAuthIntrospectParams() {}
    public static Builder builder() { return new Builder(); }
    public static OAuthIntrospectParams none() { return new OAuthIntrospectParams(); }
    public static final class Builder {
        /** Sets one header of this request, replacing the client's (the API key's Authorization). */
        public Builder putAdditionalHeader(String name, String value) { return this; }
        public Builder token(String value) { return this; }
        public OAuthIntrospectParams build() { return new OAuthIntrospectParams(); }
    }
}

// Stand-in for the official Telnyx Java SDK (names and signatures only). See xtask/stubs/README.md.
package com.telnyx.sdk.models.oauthgrants;

import java.util.List;

public final class OAuthGrantListParams {
    private OAuthGrantListParams() {}
    public static Builder builder() { return new Builder(); }
    public static OAuthGrantListParams none() { return new OAuthGrantListParams(); }
    public static final class Builder {
        /** Sets one header of this request, replacing the client's (the API key's Authorization). */
        public Builder putAdditionalHeader(String name, String value) { return this; }
        public Builder pageSize(long value) { return this; }
        public Builder pageNumber(long value) { return this; }
        public OAuthGrantListParams build() { return new OAuthGrantListParams(); }
    }
}

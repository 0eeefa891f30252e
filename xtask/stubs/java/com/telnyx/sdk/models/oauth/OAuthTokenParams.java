// Stand-in for the official Telnyx Java SDK (names and signatures only). See xtask/stubs/README.md.
package com.telnyx.sdk.models.oauth;

import java.util.List;

public final class OAuthTokenParams {
    private OAuthTokenParams() {}
    public static Builder builder() { return new Builder(); }
    public static OAuthTokenParams none() { return new OAuthTokenParams(); }
    public enum GrantType { CLIENT_CREDENTIALS, AUTHORIZATION_CODE, REFRESH_TOKEN }
    public static final class Builder {
        /** Sets one header of this request, replacing the client's (the API key's Authorization). */
        public Builder putAdditionalHeader(String name, String value) { return this; }
        public Builder grantType(GrantType value) { return this; }
        public Builder clientId(String value) { return this; }
        public Builder clientSecret(String value) { return this; }
        public Builder code(String value) { return this; }
        public Builder codeVerifier(String value) { return this; }
        public Builder redirectUri(String value) { return this; }
        public Builder refreshToken(String value) { return this; }
        public Builder scope(String value) { return this; }
        public OAuthTokenParams build() { return new OAuthTokenParams(); }
    }
}

// Stand-in for the official Telnyx Java SDK (names and signatures only). See xtask/stubs/README.md.
package com.telnyx.sdk.models.oauthclients;

import java.util.List;

public final class OAuthClientCreateParams {
    private OAuthClientCreateParams() {}
    public static Builder builder() { return new Builder(); }
    public static OAuthClientCreateParams none() { return new OAuthClientCreateParams(); }
    public enum AllowedGrantType { CLIENT_CREDENTIALS, AUTHORIZATION_CODE, REFRESH_TOKEN }
    public enum ClientType { PUBLIC, CONFIDENTIAL }
    public static final class Builder {
        /** Sets one header of this request, replacing the client's (the API key's Authorization). */
        public Builder putAdditionalHeader(String name, String value) { return this; }
        public Builder allowedGrantTypes(List<AllowedGrantType> value) { return this; }
        public Builder allowedScopes(List<String> value) { return this; }
        public Builder clientType(ClientType value) { return this; }
        public Builder name(String value) { return this; }
        public Builder logoUri(String value) { return this; }
        public Builder policyUri(String value) { return this; }
        public Builder redirectUris(List<String> value) { return this; }
        public Builder requirePkce(boolean value) { return this; }
        public Builder tosUri(String value) { return this; }
        public OAuthClientCreateParams build() { return new OAuthClientCreateParams(); }
    }
}

// Stand-in for the official Telnyx Java SDK (names and signatures only). See xtask/stubs/README.md.
package com.telnyx.sdk.models.oauth;

import java.util.List;

public final class OAuthRegisterParams {
    private OAuthRegisterParams() {}
    public static Builder builder() { return new Builder(); }
    public static OAuthRegisterParams none() { return new OAuthRegisterParams(); }
    public enum GrantType { AUTHORIZATION_CODE, CLIENT_CREDENTIALS, REFRESH_TOKEN }
    public enum TokenEndpointAuthMethod { NONE, CLIENT_SECRET_BASIC, CLIENT_SECRET_POST }
    public static final class Builder {
        /** Sets one header of this request, replacing the client's (the API key's Authorization). */
        public Builder putAdditionalHeader(String name, String value) { return this; }
        public Builder clientName(String value) { return this; }
        public Builder grantTypes(List<GrantType> value) { return this; }
        public Builder logoUri(String value) { return this; }
        public Builder policyUri(String value) { return this; }
        public Builder redirectUris(List<String> value) { return this; }
        public Builder responseTypes(List<String> value) { return this; }
        public Builder scope(String value) { return this; }
        public Builder tokenEndpointAuthMethod(TokenEndpointAuthMethod value) { return this; }
        public Builder tosUri(String value) { return this; }
        public OAuthRegisterParams build() { return new OAuthRegisterParams(); }
    }
}

// Stand-in for the official Telnyx Java SDK (names and signatures only). See xtask/stubs/README.md.
package com.telnyx.sdk.models.oauth;

import java.util.List;

public final class OAuthRetrieveAuthorizeParams {
    private OAuthRetrieveAuthorizeParams() {}
    public static Builder builder() { return new Builder(); }
    public static OAuthRetrieveAuthorizeParams none() { return new OAuthRetrieveAuthorizeParams(); }
    public enum ResponseType { CODE }
    public enum CodeChallengeMethod { PLAIN, S256 }
    public static final class Builder {
        /** Sets one header of this request, replacing the client's (the API key's Authorization). */
        public Builder putAdditionalHeader(String name, String value) { return this; }
        public Builder clientId(String value) { return this; }
        public Builder redirectUri(String value) { return this; }
        public Builder responseType(ResponseType value) { return this; }
        public Builder codeChallenge(String value) { return this; }
        public Builder codeChallengeMethod(CodeChallengeMethod value) { return this; }
        public Builder scope(String value) { return this; }
        public Builder state(String value) { return this; }
        public OAuthRetrieveAuthorizeParams build() { return new OAuthRetrieveAuthorizeParams(); }
    }
}

// Stand-in for the official Telnyx Java SDK (names and signatures only). See xtask/stubs/README.md.
package com.telnyx.sdk.models.oauthclients;

import java.util.List;

public final class OAuthClientListParams {
    private OAuthClientListParams() {}
    public static Builder builder() { return new Builder(); }
    public static OAuthClientListParams none() { return new OAuthClientListParams(); }
    public enum FilterClientType { CONFIDENTIAL, PUBLIC }
    public enum FilterAllowedGrantTypesContains { CLIENT_CREDENTIALS, AUTHORIZATION_CODE, REFRESH_TOKEN }
    public static final class Builder {
        /** Sets one header of this request, replacing the client's (the API key's Authorization). */
        public Builder putAdditionalHeader(String name, String value) { return this; }
        public Builder pageSize(long value) { return this; }
        public Builder pageNumber(long value) { return this; }
        public Builder filterClientType(FilterClientType value) { return this; }
        public Builder filterVerified(boolean value) { return this; }
        public Builder filterAllowedGrantTypesContains(FilterAllowedGrantTypesContains value) { return this; }
        public Builder filterName(String value) { return this; }
        public Builder filterNameContains(String value) { return this; }
        public Builder filterClientId(String value) { return this; }
        public OAuthClientListParams build() { return new OAuthClientListParams(); }
    }
}

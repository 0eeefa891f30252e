// Stand-in for the official Telnyx Java SDK (names and signatures only). See xtask/stubs/README.md.
package com.telnyx.sdk.services.blocking;

import com.telnyx.sdk.models.oauth.*;

public interface OAuthService {
    String retrieveAuthorize(OAuthRetrieveAuthorizeParams params);
    OAuthRetrieveResponse retrieve(String consentToken);
    OAuthGrantsResponse grants(OAuthGrantsParams params);
    OAuthIntrospectResponse introspect(OAuthIntrospectParams params);
    OAuthRetrieveJwksResponse retrieveJwks();
    OAuthRegisterResponse register();
    OAuthRegisterResponse register(OAuthRegisterParams params);
    OAuthTokenResponse token(OAuthTokenParams params);
}

// Stand-in for the official Telnyx Java SDK (names and signatures only). See xtask/stubs/README.md.
package com.telnyx.sdk.services.blocking;

import com.telnyx.sdk.models.oauthgrants.*;

public interface OAuthGrantService {
    OAuthGrantListPage list();
    OAuthGrantListPage list(OAuthGrantListParams params);
    OAuthGrantRetrieveResponse retrieve(String id);
    OAuthGrantDeleteResponse delete(String id);
}

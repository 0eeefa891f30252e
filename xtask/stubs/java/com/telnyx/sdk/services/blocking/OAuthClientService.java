// Stand-in for the official Telnyx Java SDK (names and signatures only). See xtask/stubs/README.md.
package com.telnyx.sdk.services.blocking;

import com.telnyx.sdk.models.oauthclients.*;

public interface OAuthClientService {
    OAuthClientListPage list();
    OAuthClientListPage list(OAuthClientListParams params);
    OAuthClientCreateResponse create(OAuthClientCreateParams params);
    OAuthClientRetrieveResponse retrieve(String id);
    OAuthClientUpdateResponse update(String id);
    OAuthClientUpdateResponse update(String id, OAuthClientUpdateParams params);
    void delete(String id);
}

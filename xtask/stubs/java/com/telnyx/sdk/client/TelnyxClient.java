// Stand-in for the official Telnyx Java SDK (names and signatures only). See xtask/stubs/README.md.
package com.telnyx.sdk.client;

import com.telnyx.sdk.services.blocking.*;

public interface TelnyxClient {
    WellKnownService wellKnown();
    OAuthService oauth();
    OAuthClientService oauthClients();
    OAuthGrantService oauthGrants();
}

// Stand-in for the official Telnyx Java SDK (names and signatures only). See xtask/stubs/README.md.
package com.telnyx.sdk.models.oauthclients;

import java.util.List;
import java.util.Optional;

public final class OAuthClientRetrieveResponse {
    public Optional<OAuthClient> data() { throw new UnsupportedOperationException(); }

}

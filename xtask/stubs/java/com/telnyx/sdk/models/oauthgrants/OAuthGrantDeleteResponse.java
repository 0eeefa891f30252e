// Stand-in for the official Telnyx Java SDK (names and signatures only). See xtask/stubs/README.md.
package com.telnyx.sdk.models.oauthgrants;

import java.util.List;
import java.util.Optional;

public final class OAuthGrantDeleteResponse {
    public Optional<OAuthGrant> data() { throw new UnsupportedOperationException(); }

}

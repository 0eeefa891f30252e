// Stand-in for the official Telnyx Java SDK (names and signatures only). See xtask/stubs/README.md.
package com.telnyx.sdk.models.oauthgrants;

import java.util.List;
import java.util.Optional;

public final class OAuthGrant {
    public String clientId() { throw new UnsupportedOperationException(); }
    public String createdAt() { throw new UnsupportedOperationException(); }
    public String id() { throw new UnsupportedOperationException(); }
    public String recordType() { throw new UnsupportedOperationException(); }
    public List<String> scopes() { throw new UnsupportedOperationException(); }
    public Optional<String> lastUsedAt() { throw new UnsupportedOperationException(); }

}

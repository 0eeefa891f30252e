// Stand-in for the official Telnyx Java SDK (names and signatures only). See xtask/stubs/README.md.
package com.telnyx.sdk.models.oauthgrants;

import java.util.List;
import java.util.Optional;

public final class OAuthGrantListResponse {
    public List<OAuthGrant> data() { throw new UnsupportedOperationException(); }
    public Meta meta() { throw new UnsupportedOperationException(); }
    public static final class Meta {
        public Optional<Long> pageNumber() { throw new UnsupportedOperationException(); }
        public Optional<Long> totalPages() { throw new UnsupportedOperationException(); }
    }
}

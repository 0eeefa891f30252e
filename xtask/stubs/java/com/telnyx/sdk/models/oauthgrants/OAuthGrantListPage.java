// Stand-in for the official Telnyx Java SDK (names and signatures only). See xtask/stubs/README.md.
package com.telnyx.sdk.models.oauthgrants;

import java.util.List;
import java.util.Optional;

/** One page of a list; {@code autoPager()} walks every item, fetching the following pages. */
public final class OAuthGrantListPage {
    public List<OAuthGrant> data() { throw new UnsupportedOperationException(); }
    public List<OAuthGrant> items() { throw new UnsupportedOperationException(); }
    public Optional<Meta> meta() { throw new UnsupportedOperationException(); }
    public boolean hasNextPage() { throw new UnsupportedOperationException(); }
    public OAuthGrantListPage nextPage() { throw new UnsupportedOperationException(); }
    public Iterable<OAuthGrant> autoPager() { throw new UnsupportedOperationException(); }
    public static final class Meta {
        public Optional<Long> pageNumber() { throw new UnsupportedOperationException(); }
        public Optional<Long> totalPages() { throw new UnsupportedOperationException(); }
    }
}

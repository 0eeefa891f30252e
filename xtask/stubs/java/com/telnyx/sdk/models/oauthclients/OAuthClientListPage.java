// Stand-in for the official Telnyx Java SDK (names and signatures only). See xtask/stubs/README.md.
package com.telnyx.sdk.models.oauthclients;

import java.util.List;
import java.util.Optional;

/** One page of a list; {@code autoPager()} walks every item, fetching the following pages. */
public final class OAuthClientListPage {
    public List<OAuthClient> data() { throw new UnsupportedOperationException(); }
    public List<OAuthClient> items() { throw new UnsupportedOperationException(); }
    public Optional<Meta> meta() { throw new UnsupportedOperationException(); }
    public boolean hasNextPage() { throw new UnsupportedOperationException(); }
    public OAuthClientListPage nextPage() { throw new UnsupportedOperationException(); }
    public Iterable<OAuthClient> autoPager() { throw new UnsupportedOperationException(); }
    public static final class Meta {
        public Optional<Long> pageNumber() { throw new UnsupportedOperationException(); }
        public Optional<Long> totalPages() { throw new UnsupportedOperationException(); }
    }
}

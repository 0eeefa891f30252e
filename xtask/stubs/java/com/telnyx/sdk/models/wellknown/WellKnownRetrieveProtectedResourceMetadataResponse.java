// Stand-in for the official Telnyx Java SDK (names and signatures only). See xtask/stubs/README.md.
package com.telnyx.sdk.models.wellknown;

import java.util.List;
import java.util.Optional;

public final class WellKnownRetrieveProtectedResourceMetadataResponse {
    public Optional<List<String>> authorizationServers() { throw new UnsupportedOperationException(); }
    public Optional<String> resource() { throw new UnsupportedOperationException(); }

}

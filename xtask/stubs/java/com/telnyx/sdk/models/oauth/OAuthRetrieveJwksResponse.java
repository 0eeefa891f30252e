// Stand-in for the official Telnyx Java SDK (names and signatures only). See xtask/stubs/README.md.
package com.telnyx.sdk.models.oauth;

import java.util.List;
import java.util.Optional;

public final class OAuthRetrieveJwksResponse {
    public Optional<List<Object>> keys() { throw new UnsupportedOperationException(); }

}

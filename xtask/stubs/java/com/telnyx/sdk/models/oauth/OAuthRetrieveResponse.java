// Stand-in for the official Telnyx Java SDK (names and signatures only). See xtask/stubs/README.md.
package com.telnyx.sdk.models.oauth;

import java.util.List;
import java.util.Optional;

public final class OAuthRetrieveResponse {
    public Optional<Data> data() { throw new UnsupportedOperationException(); }
    public static final class Data {
        public Optional<String> clientId() { throw new UnsupportedOperationException(); }
        public Optional<String> name() { throw new UnsupportedOperationException(); }
        public Optional<Boolean> verified() { throw new UnsupportedOperationException(); }
    }
}

// Stand-in for the official Telnyx Java SDK (names and signatures only). See xtask/stubs/README.md.
package com.telnyx.sdk.models.oauth;

import java.util.List;
import java.util.Optional;

public final class OAuthIntrospectResponse {
    public boolean active() { throw new UnsupportedOperationException(); }
    public Optional<String> aud() { throw new UnsupportedOperationException(); }
    public Optional<String> clientId() { throw new UnsupportedOperationException(); }
    public Optional<Long> exp() { throw new UnsupportedOperationException(); }
    public Optional<Long> iat() { throw new UnsupportedOperationException(); }
    public Optional<String> iss() { throw new UnsupportedOperationException(); }
    public Optional<String> scope() { throw new UnsupportedOperationException(); }

}

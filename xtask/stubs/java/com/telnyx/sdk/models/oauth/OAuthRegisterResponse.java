// Stand-in for the official Telnyx Java SDK (names and signatures only). See xtask/stubs/README.md.
package com.telnyx.sdk.models.oauth;

import java.util.List;
import java.util.Optional;

public final class OAuthRegisterResponse {
    public String clientId() { throw new UnsupportedOperationException(); }
    public long clientIdIssuedAt() { throw new UnsupportedOperationException(); }
    public Optional<String> clientName() { throw new UnsupportedOperationException(); }
    public Optional<String> clientSecret() { throw new UnsupportedOperationException(); }
    public Optional<String> scope() { throw new UnsupportedOperationException(); }

}

// Stand-in for the official Telnyx Java SDK (names and signatures only). See xtask/stubs/README.md.
package com.telnyx.sdk.models.oauth;

import java.util.List;
import java.util.Optional;

public final class OAuthTokenResponse {
    public String accessToken() { throw new UnsupportedOperationException(); }
    public long expiresIn() { throw new UnsupportedOperationException(); }
    public String tokenType() { throw new UnsupportedOperationException(); }
    public Optional<String> refreshToken() { throw new UnsupportedOperationException(); }
    public Optional<String> scope() { throw new UnsupportedOperationException(); }

}

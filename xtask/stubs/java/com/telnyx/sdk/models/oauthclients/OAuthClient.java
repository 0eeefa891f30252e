// Stand-in for the official Telnyx Java SDK (names and signatures only). See xtask/stubs/README.md.
package com.telnyx.sdk.models.oauthclients;

import java.util.List;
import java.util.Optional;

public final class OAuthClient {
    public String clientId() { throw new UnsupportedOperationException(); }
    public String clientType() { throw new UnsupportedOperationException(); }
    public String createdAt() { throw new UnsupportedOperationException(); }
    public String name() { throw new UnsupportedOperationException(); }
    public String orgId() { throw new UnsupportedOperationException(); }
    public String recordType() { throw new UnsupportedOperationException(); }
    public boolean requirePkce() { throw new UnsupportedOperationException(); }
    public String updatedAt() { throw new UnsupportedOperationException(); }
    public String userId() { throw new UnsupportedOperationException(); }
    public Optional<List<String>> allowedGrantTypes() { throw new UnsupportedOperationException(); }
    public Optional<List<String>> allowedScopes() { throw new UnsupportedOperationException(); }
    public Optional<String> clientSecret() { throw new UnsupportedOperationException(); }
    public Optional<String> logoUri() { throw new UnsupportedOperationException(); }
    public Optional<String> policyUri() { throw new UnsupportedOperationException(); }
    public Optional<List<String>> redirectUris() { throw new UnsupportedOperationException(); }
    public Optional<String> tosUri() { throw new UnsupportedOperationException(); }

}

// Stand-in for the official Telnyx Java SDK (names and signatures only). See xtask/stubs/README.md.
package com.telnyx.sdk.models.wellknown;

import java.util.List;
import java.util.Optional;

public final class WellKnownRetrieveAuthorizationServerMetadataResponse {
    public Optional<String> authorizationEndpoint() { throw new UnsupportedOperationException(); }
    public Optional<String> introspectionEndpoint() { throw new UnsupportedOperationException(); }
    public Optional<String> issuer() { throw new UnsupportedOperationException(); }
    public Optional<String> jwksUri() { throw new UnsupportedOperationException(); }
    public Optional<String> registrationEndpoint() { throw new UnsupportedOperationException(); }
    public Optional<String> tokenEndpoint() { throw new UnsupportedOperationException(); }
    public Optional<List<String>> codeChallengeMethodsSupported() { throw new UnsupportedOperationException(); }
    public Optional<List<String>> grantTypesSupported() { throw new UnsupportedOperationException(); }
    public Optional<List<String>> responseTypesSupported() { throw new UnsupportedOperationException(); }
    public Optional<List<String>> scopesSupported() { throw new UnsupportedOperationException(); }
    public Optional<List<String>> tokenEndpointAuthMethodsSupported() { throw new UnsupportedOperationException(); }

}

// Stand-in for the official Telnyx Java SDK (names and signatures only). See xtask/stubs/README.md.
package com.telnyx.sdk.services.blocking;

import com.telnyx.sdk.models.wellknown.WellKnownRetrieveAuthorizationServerMetadataResponse;
import com.telnyx.sdk.models.wellknown.WellKnownRetrieveProtectedResourceMetadataResponse;

public interface WellKnownService {
    WellKnownRetrieveAuthorizationServerMetadataResponse retrieveAuthorizationServerMetadata();
    WellKnownRetrieveProtectedResourceMetadataResponse retrieveProtectedResourceMetadata();
}

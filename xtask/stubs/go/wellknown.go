package telnyx

import (
	"context"

	"github.com/team-telnyx/telnyx-go/v4/option"
)

// WellKnownService holds the discovery endpoints.
type WellKnownService struct{ Options []option.RequestOption }

// WellKnownGetAuthorizationServerMetadataResponse is RFC 8414 metadata.
type WellKnownGetAuthorizationServerMetadataResponse struct {
	AuthorizationEndpoint             string
	CodeChallengeMethodsSupported     []string
	GrantTypesSupported               []string
	IntrospectionEndpoint             string
	Issuer                            string
	JwksUri                           string
	RegistrationEndpoint              string
	ResponseTypesSupported            []string
	ScopesSupported                   []string
	TokenEndpoint                     string
	TokenEndpointAuthMethodsSupported []string
}

// WellKnownGetProtectedResourceMetadataResponse is RFC 9728 metadata.
type WellKnownGetProtectedResourceMetadataResponse struct {
	AuthorizationServers []string
	Resource             string
}

// GetAuthorizationServerMetadata is GET /.well-known/oauth-authorization-server.
func (r *WellKnownService) GetAuthorizationServerMetadata(ctx context.Context, opts ...option.RequestOption) (*WellKnownGetAuthorizationServerMetadataResponse, error) {
	return &WellKnownGetAuthorizationServerMetadataResponse{}, nil
}

// GetProtectedResourceMetadata is GET /.well-known/oauth-protected-resource.
func (r *WellKnownService) GetProtectedResourceMetadata(ctx context.Context, opts ...option.RequestOption) (*WellKnownGetProtectedResourceMetadataResponse, error) {
	return &WellKnownGetProtectedResourceMetadataResponse{}, nil
}

package telnyx

import (
	"context"

	"github.com/team-telnyx/telnyx-go/v4/option"
)

// OAuthClientService manages OAuth clients.
type OAuthClientService struct{ Options []option.RequestOption }

// OAuthClient is an OAuth client.
type OAuthClient struct {
	ClientID          string
	ClientType        string
	CreatedAt         string
	Name              string
	OrgID             string
	RecordType        string
	RequirePkce       bool
	UpdatedAt         string
	UserID            string
	AllowedGrantTypes []string
	AllowedScopes     []string
	ClientSecret      string
	LogoUri           string
	PolicyUri         string
	RedirectUris      []string
	TosUri            string
}

// OAuthClientNewParams is the body of POST /oauth_clients.
type OAuthClientNewParams struct {
	AllowedGrantTypes []string
	AllowedScopes     []string
	ClientType        OAuthClientNewParamsClientType
	Name              string
	LogoUri           Opt[string]
	PolicyUri         Opt[string]
	RequirePkce       Opt[bool]
	TosUri            Opt[string]
	RedirectUris      []string
}

// OAuthClientNewParamsClientType is the client type.
type OAuthClientNewParamsClientType string

// OAuthClientNewParamsClientType values.
const (
	OAuthClientNewParamsClientTypePublic       OAuthClientNewParamsClientType = "public"
	OAuthClientNewParamsClientTypeConfidential OAuthClientNewParamsClientType = "confidential"
)

// OAuthClientNewResponse wraps the created client.
type OAuthClientNewResponse struct{ Data OAuthClient }

// OAuthClientGetResponse wraps a client.
type OAuthClientGetResponse struct{ Data OAuthClient }

// OAuthClientUpdateResponse wraps the updated client.
type OAuthClientUpdateResponse struct{ Data OAuthClient }

// OAuthClientUpdateParams is the body of PUT /oauth_clients/{id}.
type OAuthClientUpdateParams struct {
	LogoUri           Opt[string]
	Name              Opt[string]
	PolicyUri         Opt[string]
	RequirePkce       Opt[bool]
	TosUri            Opt[string]
	AllowedGrantTypes []string
	AllowedScopes     []string
	RedirectUris      []string
}

// OAuthClientListParams are the query parameters of GET /oauth_clients.
type OAuthClientListParams struct {
	FilterClientID                  Opt[string]
	FilterName                      Opt[string]
	FilterNameContains              Opt[string]
	FilterVerified                  Opt[bool]
	PageNumber                      Opt[int64]
	PageSize                        Opt[int64]
	FilterAllowedGrantTypesContains OAuthClientListParamsFilterAllowedGrantTypesContains
	FilterClientType                OAuthClientListParamsFilterClientType
}

// OAuthClientListParamsFilterAllowedGrantTypesContains is a grant type filter.
type OAuthClientListParamsFilterAllowedGrantTypesContains string

// OAuthClientListParamsFilterAllowedGrantTypesContains values.
const (
	OAuthClientListParamsFilterAllowedGrantTypesContainsClientCredentials OAuthClientListParamsFilterAllowedGrantTypesContains = "client_credentials"
	OAuthClientListParamsFilterAllowedGrantTypesContainsAuthorizationCode OAuthClientListParamsFilterAllowedGrantTypesContains = "authorization_code"
	OAuthClientListParamsFilterAllowedGrantTypesContainsRefreshToken      OAuthClientListParamsFilterAllowedGrantTypesContains = "refresh_token"
)

// OAuthClientListParamsFilterClientType is a client type filter.
type OAuthClientListParamsFilterClientType string

// OAuthClientListParamsFilterClientType values.
const (
	OAuthClientListParamsFilterClientTypeConfidential OAuthClientListParamsFilterClientType = "confidential"
	OAuthClientListParamsFilterClientTypePublic       OAuthClientListParamsFilterClientType = "public"
)

// New is POST /oauth_clients.
func (r *OAuthClientService) New(ctx context.Context, body OAuthClientNewParams, opts ...option.RequestOption) (*OAuthClientNewResponse, error) {
	return &OAuthClientNewResponse{}, nil
}

// Get is GET /oauth_clients/{id}.
func (r *OAuthClientService) Get(ctx context.Context, id string, opts ...option.RequestOption) (*OAuthClientGetResponse, error) {
	return &OAuthClientGetResponse{}, nil
}

// Update is PUT /oauth_clients/{id}.
func (r *OAuthClientService) Update(ctx context.Context, id string, body OAuthClientUpdateParams, opts ...option.RequestOption) (*OAuthClientUpdateResponse, error) {
	return &OAuthClientUpdateResponse{}, nil
}

// List is GET /oauth_clients: one page.
func (r *OAuthClientService) List(ctx context.Context, query OAuthClientListParams, opts ...option.RequestOption) (*DefaultFlatPagination[OAuthClient], error) {
	return &DefaultFlatPagination[OAuthClient]{}, nil
}

// ListAutoPaging is GET /oauth_clients: every item of every page.
func (r *OAuthClientService) ListAutoPaging(ctx context.Context, query OAuthClientListParams, opts ...option.RequestOption) *DefaultFlatPaginationAutoPager[OAuthClient] {
	return &DefaultFlatPaginationAutoPager[OAuthClient]{}
}

// Delete is DELETE /oauth_clients/{id}.
func (r *OAuthClientService) Delete(ctx context.Context, id string, opts ...option.RequestOption) error {
	return nil
}

package telnyx

import (
	"context"

	"github.com/team-telnyx/telnyx-go/v4/option"
)

// OAuthGrantService manages OAuth grants.
type OAuthGrantService struct{ Options []option.RequestOption }

// OAuthGrant is access a user has granted to an OAuth client.
type OAuthGrant struct {
	ID         string
	ClientID   string
	CreatedAt  string
	RecordType string
	Scopes     []string
	LastUsedAt string
}

// OAuthGrantListParams are the query parameters of GET /oauth_grants.
type OAuthGrantListParams struct {
	PageNumber Opt[int64]
	PageSize   Opt[int64]
}

// OAuthGrantGetResponse wraps a grant.
type OAuthGrantGetResponse struct{ Data OAuthGrant }

// OAuthGrantDeleteResponse wraps the revoked grant.
type OAuthGrantDeleteResponse struct{ Data OAuthGrant }

// List is GET /oauth_grants: one page.
func (r *OAuthGrantService) List(ctx context.Context, query OAuthGrantListParams, opts ...option.RequestOption) (*DefaultFlatPagination[OAuthGrant], error) {
	return &DefaultFlatPagination[OAuthGrant]{}, nil
}

// ListAutoPaging is GET /oauth_grants: every item of every page.
func (r *OAuthGrantService) ListAutoPaging(ctx context.Context, query OAuthGrantListParams, opts ...option.RequestOption) *DefaultFlatPaginationAutoPager[OAuthGrant] {
	return &DefaultFlatPaginationAutoPager[OAuthGrant]{}
}

// Get is GET /oauth_grants/{id}.
func (r *OAuthGrantService) Get(ctx context.Context, id string, opts ...option.RequestOption) (*OAuthGrantGetResponse, error) {
	return &OAuthGrantGetResponse{}, nil
}

// Delete is DELETE /oauth_grants/{id}.
func (r *OAuthGrantService) Delete(ctx context.Context, id string, opts ...option.RequestOption) (*OAuthGrantDeleteResponse, error) {
	return &OAuthGrantDeleteResponse{}, nil
}

package telnyx

import (
	"context"

	"github.com/team-telnyx/telnyx-go/v4/option"
)

// OAuthService holds the OAuth protocol endpoints.
type OAuthService struct{ Options []option.RequestOption }

// OAuthGetAuthorizeParams are the query parameters of GET /oauth/authorize.
type OAuthGetAuthorizeParams struct {
	ClientID            string
	RedirectUri         string
	ResponseType        OAuthGetAuthorizeParamsResponseType
	CodeChallenge       Opt[string]
	CodeChallengeMethod OAuthGetAuthorizeParamsCodeChallengeMethod
	Scope               Opt[string]
	State               Opt[string]
}

// OAuthGetAuthorizeParamsResponseType is the OAuth response type.
type OAuthGetAuthorizeParamsResponseType string

// OAuthGetAuthorizeParamsResponseType values.
const (
	OAuthGetAuthorizeParamsResponseTypeCode OAuthGetAuthorizeParamsResponseType = "code"
)

// OAuthGetAuthorizeParamsCodeChallengeMethod is the PKCE method.
type OAuthGetAuthorizeParamsCodeChallengeMethod string

// OAuthGetAuthorizeParamsCodeChallengeMethod values.
const (
	OAuthGetAuthorizeParamsCodeChallengeMethodPlain OAuthGetAuthorizeParamsCodeChallengeMethod = "plain"
	OAuthGetAuthorizeParamsCodeChallengeMethodS256  OAuthGetAuthorizeParamsCodeChallengeMethod = "S256"
)

// GetAuthorize is GET /oauth/authorize.
func (r *OAuthService) GetAuthorize(ctx context.Context, query OAuthGetAuthorizeParams, opts ...option.RequestOption) (*string, error) {
	return nil, nil
}

// OAuthGetResponse is the consent token's details.
type OAuthGetResponse struct {
	Data OAuthGetResponseData
}

// OAuthGetResponseData is the client asking for consent.
type OAuthGetResponseData struct {
	ClientID        string
	LogoUri         string
	Name            string
	PolicyUri       string
	RedirectUri     string
	RequestedScopes []OAuthGetResponseDataRequestedScope
	TosUri          string
	Verified        bool
}

// OAuthGetResponseDataRequestedScope is one requested scope.
type OAuthGetResponseDataRequestedScope struct {
	ID          string
	Description string
	Name        string
}

// Get is GET /oauth/consent/{consent_token}.
func (r *OAuthService) Get(ctx context.Context, consentToken string, opts ...option.RequestOption) (*OAuthGetResponse, error) {
	return &OAuthGetResponse{}, nil
}

// OAuthGrantsParams is the body of POST /oauth/grants.
type OAuthGrantsParams struct {
	Allowed      bool
	ConsentToken string
}

// OAuthGrantsResponse is the outcome of a consent decision.
type OAuthGrantsResponse struct {
	RedirectUri string
}

// Grants is POST /oauth/grants.
func (r *OAuthService) Grants(ctx context.Context, body OAuthGrantsParams, opts ...option.RequestOption) (*OAuthGrantsResponse, error) {
	return &OAuthGrantsResponse{}, nil
}

// OAuthIntrospectParams is the body of POST /oauth/introspect.
type OAuthIntrospectParams struct {
	Token string
}

// OAuthIntrospectResponse is RFC 7662's answer.
type OAuthIntrospectResponse struct {
	Active   bool
	Aud      string
	ClientID string
	Exp      int64
	Iat      int64
	Iss      string
	Scope    string
}

// Introspect is POST /oauth/introspect.
func (r *OAuthService) Introspect(ctx context.Context, body OAuthIntrospectParams, opts ...option.RequestOption) (*OAuthIntrospectResponse, error) {
	return &OAuthIntrospectResponse{}, nil
}

// OAuthGetJwksResponse is the key set.
type OAuthGetJwksResponse struct {
	Keys []OAuthGetJwksResponseKey
}

// OAuthGetJwksResponseKey is one key.
type OAuthGetJwksResponseKey struct {
	Alg string
	Kid string
	Kty string
	Use string
}

// GetJwks is GET /oauth/jwks.
func (r *OAuthService) GetJwks(ctx context.Context, opts ...option.RequestOption) (*OAuthGetJwksResponse, error) {
	return &OAuthGetJwksResponse{}, nil
}

// OAuthRegisterParams is the body of POST /oauth/register.
type OAuthRegisterParams struct {
	ClientName              Opt[string]
	LogoUri                 Opt[string]
	PolicyUri               Opt[string]
	Scope                   Opt[string]
	TosUri                  Opt[string]
	GrantTypes              []string
	RedirectUris            []string
	ResponseTypes           []string
	TokenEndpointAuthMethod OAuthRegisterParamsTokenEndpointAuthMethod
}

// OAuthRegisterParamsTokenEndpointAuthMethod is how the client authenticates.
type OAuthRegisterParamsTokenEndpointAuthMethod string

// OAuthRegisterParamsTokenEndpointAuthMethod values.
const (
	OAuthRegisterParamsTokenEndpointAuthMethodNone              OAuthRegisterParamsTokenEndpointAuthMethod = "none"
	OAuthRegisterParamsTokenEndpointAuthMethodClientSecretBasic OAuthRegisterParamsTokenEndpointAuthMethod = "client_secret_basic"
	OAuthRegisterParamsTokenEndpointAuthMethodClientSecretPost  OAuthRegisterParamsTokenEndpointAuthMethod = "client_secret_post"
)

// OAuthRegisterResponse is the registered client.
type OAuthRegisterResponse struct {
	ClientID                string
	ClientIDIssuedAt        int64
	ClientName              string
	ClientSecret            string
	GrantTypes              []string
	LogoUri                 string
	PolicyUri               string
	RedirectUris            []string
	ResponseTypes           []string
	Scope                   string
	TokenEndpointAuthMethod string
	TosUri                  string
}

// Register is POST /oauth/register.
func (r *OAuthService) Register(ctx context.Context, body OAuthRegisterParams, opts ...option.RequestOption) (*OAuthRegisterResponse, error) {
	return &OAuthRegisterResponse{}, nil
}

// OAuthTokenParams is the body of POST /oauth/token.
type OAuthTokenParams struct {
	GrantType    OAuthTokenParamsGrantType
	ClientID     Opt[string]
	ClientSecret Opt[string]
	Code         Opt[string]
	CodeVerifier Opt[string]
	RedirectUri  Opt[string]
	RefreshToken Opt[string]
	Scope        Opt[string]
}

// OAuthTokenParamsGrantType is the OAuth 2.0 grant type.
type OAuthTokenParamsGrantType string

// OAuthTokenParamsGrantType values.
const (
	OAuthTokenParamsGrantTypeClientCredentials OAuthTokenParamsGrantType = "client_credentials"
	OAuthTokenParamsGrantTypeAuthorizationCode OAuthTokenParamsGrantType = "authorization_code"
	OAuthTokenParamsGrantTypeRefreshToken      OAuthTokenParamsGrantType = "refresh_token"
)

// OAuthTokenResponse is the issued token.
type OAuthTokenResponse struct {
	AccessToken  string
	ExpiresIn    int64
	TokenType    string
	RefreshToken string
	Scope        string
}

// Token is POST /oauth/token.
func (r *OAuthService) Token(ctx context.Context, body OAuthTokenParams, opts ...option.RequestOption) (*OAuthTokenResponse, error) {
	return &OAuthTokenResponse{}, nil
}

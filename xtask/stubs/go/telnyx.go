// Package telnyx is a stand-in for the official Go SDK: the client, services, parameter and
// response types the OAuth examples use, with the official names and types and no behaviour.
package telnyx

import (
	"net/http"

	"github.com/team-telnyx/telnyx-go/v4/option"
)

// Opt is an optional request value (the official SDK's param.Opt).
type Opt[T any] struct {
	Value T
	Valid bool
}

// String makes an optional string.
func String(v string) Opt[string] { return Opt[string]{v, true} }

// Int makes an optional integer.
func Int(v int64) Opt[int64] { return Opt[int64]{v, true} }

// Float makes an optional number.
func Float(v float64) Opt[float64] { return Opt[float64]{v, true} }

// Bool makes an optional boolean.
func Bool(v bool) Opt[bool] { return Opt[bool]{v, true} }

// Error is an error status from the API.
type Error struct {
	StatusCode int
	Request    *http.Request
	Response   *http.Response
}

func (e *Error) Error() string { return http.StatusText(e.StatusCode) }

// DumpRequest returns the request, for debugging.
func (e *Error) DumpRequest(body bool) []byte { return nil }

// DumpResponse returns the response, for debugging.
func (e *Error) DumpResponse(body bool) []byte { return nil }

// Client is the API client.
type Client struct {
	Options      []option.RequestOption
	WellKnown    WellKnownService
	OAuth        OAuthService
	OAuthClients OAuthClientService
	OAuthGrants  OAuthGrantService
}

// NewClient makes a client; it reads TELNYX_API_KEY and TELNYX_BASE_URL.
func NewClient(opts ...option.RequestOption) (r Client) {
	r.Options = opts
	return
}

// DefaultFlatPagination is one page of a list.
type DefaultFlatPagination[T any] struct {
	Data []T
	Meta PaginationMetaOAuth
}

// GetNextPage fetches the next page (nil after the last).
func (r *DefaultFlatPagination[T]) GetNextPage() (*DefaultFlatPagination[T], error) { return nil, nil }

// DefaultFlatPaginationAutoPager iterates over every item of every page.
type DefaultFlatPaginationAutoPager[T any] struct {
	items []T
	index int
	err   error
}

// Next moves to the next item; false at the end or on an error.
func (r *DefaultFlatPaginationAutoPager[T]) Next() bool {
	r.index++
	return r.index <= len(r.items)
}

// Current is the current item.
func (r *DefaultFlatPaginationAutoPager[T]) Current() T { return r.items[r.index-1] }

// Err is the error that stopped the iteration, if any.
func (r *DefaultFlatPaginationAutoPager[T]) Err() error { return r.err }

// PaginationMetaOAuth is the position of a page.
type PaginationMetaOAuth struct {
	PageNumber   int64
	TotalPages   int64
	PageSize     int64
	TotalResults int64
}

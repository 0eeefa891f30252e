// Package option is a stand-in for the official SDK's request options (names and types only).
package option

import "time"

// RequestOption configures a client or one request.
type RequestOption func(*Config)

// Config is what options set.
type Config struct {
	APIKey     string
	BaseURL    string
	MaxRetries int
	Timeout    time.Duration
	Headers    map[string]string
}

// WithAPIKey sets the API key.
func WithAPIKey(key string) RequestOption { return func(c *Config) { c.APIKey = key } }

// WithBaseURL sets the base URL.
func WithBaseURL(url string) RequestOption { return func(c *Config) { c.BaseURL = url } }

// WithMaxRetries sets the number of retries.
func WithMaxRetries(n int) RequestOption { return func(c *Config) { c.MaxRetries = n } }

// WithRequestTimeout bounds each attempt.
func WithRequestTimeout(d time.Duration) RequestOption { return func(c *Config) { c.Timeout = d } }

// WithHeader sets one header of the request, replacing what was there (the API key's
// Authorization, for instance).
func WithHeader(key, value string) RequestOption {
	return func(c *Config) {
		if c.Headers == nil {
			c.Headers = map[string]string{}
		}
		c.Headers[key] = value
	}
}

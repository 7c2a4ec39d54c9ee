// Package consumer is a service that calls the users example's API: a
// hand-written net/http client for the three operations it needs and the
// onboarding flow built on them. Its tests run against a mock made from the
// users document (contract.Mock) and record what they relied on; the users
// example verifies those interactions (examples/users/app/consumers_test.go,
// and `contract verify` in CI), so a provider change that breaks this
// consumer fails the provider's build.
package consumer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The errors the client's methods wrap, matched with errors.Is.
var (
	ErrNotFound     = errors.New("users: not found")
	ErrConflict     = errors.New("users: conflict")
	ErrUnauthorized = errors.New("users: unauthorized")
	ErrUnavailable  = errors.New("users: unavailable")
)

// User is what the consumer reads of a user.
type User struct {
	ID    int64  `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
}

// Client calls the users API. Answers 503 are retried, waiting as
// Retry-After asks, up to MaxRetryWait each time.
type Client struct {
	base         string
	http         *http.Client
	maxRetries   int
	maxRetryWait time.Duration
}

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient sends requests with c.
func WithHTTPClient(c *http.Client) Option { return func(cl *Client) { cl.http = c } }

// WithRetries retries a 503 up to n times, waiting at most maxWait before
// each retry.
func WithRetries(n int, maxWait time.Duration) Option {
	return func(cl *Client) { cl.maxRetries, cl.maxRetryWait = n, maxWait }
}

// New returns a client of the users API at baseURL.
func New(baseURL string, opts ...Option) *Client {
	c := &Client{base: strings.TrimSuffix(baseURL, "/"), http: http.DefaultClient, maxRetries: 2, maxRetryWait: 5 * time.Second}
	for _, o := range opts {
		o(c)
	}
	return c
}

// SignUp creates a user.
func (c *Client) SignUp(ctx context.Context, email, name, password string) (User, error) {
	var u User
	err := c.do(ctx, http.MethodPost, "/users", "", map[string]string{"email": email, "name": name, "password": password}, &u)
	return u, err
}

// Login trades an email and password for an access token.
func (c *Client) Login(ctx context.Context, email, password string) (string, error) {
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	err := c.do(ctx, http.MethodPost, "/auth/login", "", map[string]string{"email": email, "password": password}, &tok)
	return tok.AccessToken, err
}

// User reads a user.
func (c *Client) User(ctx context.Context, token string, id int64) (User, error) {
	var u User
	err := c.do(ctx, http.MethodGet, "/users/"+strconv.FormatInt(id, 10), token, nil, &u)
	return u, err
}

func (c *Client) do(ctx context.Context, method, path, token string, in, out any) error {
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return err
		}
	}
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, method, c.base+path, bytes.NewReader(body))
		if err != nil {
			return err
		}
		if in != nil {
			req.Header.Set("Content-Type", "application/json")
		} else {
			req.Body, req.ContentLength = http.NoBody, 0
		}
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := c.http.Do(req)
		if err != nil {
			return fmt.Errorf("%s %s: %w", method, path, err)
		}
		data, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return fmt.Errorf("%s %s: %w", method, path, err)
		}
		switch {
		case resp.StatusCode == http.StatusServiceUnavailable && attempt < c.maxRetries:
			if err := c.wait(ctx, resp.Header.Get("Retry-After")); err != nil {
				return err
			}
			continue
		case resp.StatusCode >= 200 && resp.StatusCode < 300:
			if err := json.Unmarshal(data, out); err != nil {
				return fmt.Errorf("%s %s: decoding the answer: %w", method, path, err)
			}
			return nil
		}
		return fmt.Errorf("%s %s: %d: %w", method, path, resp.StatusCode, statusErr(resp.StatusCode))
	}
}

func (c *Client) wait(ctx context.Context, retryAfter string) error {
	d := time.Second
	if s, err := strconv.Atoi(retryAfter); err == nil && s >= 0 {
		d = time.Duration(s) * time.Second
	}
	t := time.NewTimer(min(d, c.maxRetryWait))
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func statusErr(code int) error {
	switch code {
	case http.StatusNotFound:
		return ErrNotFound
	case http.StatusConflict:
		return ErrConflict
	case http.StatusUnauthorized:
		return ErrUnauthorized
	case http.StatusServiceUnavailable:
		return ErrUnavailable
	}
	return errors.New(http.StatusText(code))
}

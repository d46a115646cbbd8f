package http

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/weftworks/weft/engine/credential"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/retry"
)

// ErrToken is wrapped by the failure of an OAuth2 token request.
var ErrToken = errors.New("OAuth2 token request failed")

// tokenSkew renews an OAuth2 token this long before it expires.
const tokenSkew = 30 * time.Second

// auth applies a credential to outgoing requests. The zero credential
// (no name configured) applies nothing.
type auth struct {
	cred credential.Credential

	mu      sync.Mutex
	token   string
	expires time.Time // zero: until the server refuses it
}

// newAuth resolves the named credential; "" means no auth.
func newAuth(ctx context.Context, io registry.IO, name string) (*auth, error) {
	if name == "" {
		return &auth{}, nil
	}
	c, err := credential.Lookup(ctx, io, name, credential.Basic, credential.Bearer, credential.APIKey, credential.OAuth2)
	if err != nil {
		return nil, err
	}
	return &auth{cred: c}, nil
}

// apply adds the credential to r, fetching an OAuth2 token if needed.
func (a *auth) apply(ctx context.Context, c *http.Client, r *http.Request) error {
	f := a.cred.Field
	switch a.cred.Kind {
	case credential.Basic:
		r.SetBasicAuth(f("username"), f("password"))
	case credential.Bearer:
		r.Header.Set("Authorization", "Bearer "+f("token"))
	case credential.APIKey:
		if f("in") == "query" {
			q := r.URL.Query()
			q.Set(f("name"), f("key"))
			r.URL.RawQuery = q.Encode()
		} else {
			r.Header.Set(f("name"), f("key"))
		}
	case credential.OAuth2:
		tok, err := a.bearer(ctx, c)
		if err != nil {
			return err
		}
		r.Header.Set("Authorization", "Bearer "+tok)
	}
	return nil
}

// renewable reports whether a 401 may be cured by a fresh token.
func (a *auth) renewable() bool { return a.cred.Kind == credential.OAuth2 }

// renew forgets the cached token.
func (a *auth) renew() {
	a.mu.Lock()
	a.token = ""
	a.mu.Unlock()
}

// bearer returns the cached token, or fetches a new one when there is
// none or it is about to expire.
func (a *auth) bearer(ctx context.Context, c *http.Client) (string, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.token != "" && (a.expires.IsZero() || time.Now().Add(tokenSkew).Before(a.expires)) {
		return a.token, nil
	}
	tok, ttl, err := fetchToken(ctx, c, a.cred)
	if err != nil {
		return "", err
	}
	a.token, a.expires = tok, time.Time{}
	if ttl > 0 {
		a.expires = time.Now().Add(ttl)
	}
	return tok, nil
}

// fetchToken asks the token URL for a client-credentials token, sending
// the client id and secret in the form body (client_secret_post).
func fetchToken(ctx context.Context, c *http.Client, cred credential.Credential) (string, time.Duration, error) {
	form := url.Values{"grant_type": {"client_credentials"},
		"client_id": {cred.Field("clientId")}, "client_secret": {cred.Field("clientSecret")}}
	if s := strings.TrimSpace(cred.Field("scopes")); s != "" {
		form.Set("scope", s)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, cred.Field("tokenUrl"), strings.NewReader(form.Encode()))
	if err != nil {
		return "", 0, retry.Permanent(fmt.Errorf("%w: %w", ErrToken, err))
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return "", 0, fmt.Errorf("%w: %w", ErrToken, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	var body struct {
		AccessToken string  `json:"access_token"`
		ExpiresIn   float64 `json:"expires_in"`
	}
	if resp.StatusCode != http.StatusOK {
		err := fmt.Errorf("%w: %s answered %d %s", ErrToken, cred.Field("tokenUrl"), resp.StatusCode, http.StatusText(resp.StatusCode))
		if resp.StatusCode >= 500 {
			return "", 0, err
		}
		return "", 0, retry.Permanent(err)
	}
	if err := json.Unmarshal(raw, &body); err != nil || body.AccessToken == "" {
		return "", 0, retry.Permanent(fmt.Errorf("%w: the response holds no access_token", ErrToken))
	}
	return body.AccessToken, time.Duration(body.ExpiresIn * float64(time.Second)), nil
}

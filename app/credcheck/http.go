package credcheck

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/weftworks/weft/engine/credential"
)

// checkURL GETs target with c applied: a 2xx or 3xx answer passes.
func checkURL(ctx context.Context, c credential.Credential, target string) Result {
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fail("%q is not an http or https URL", target)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return fail("bad URL: %v", err)
	}
	if err := credential.Authorize(req, c); err != nil {
		return fail("%v", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fail("request failed: %v", unwrapURLError(err))
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	switch {
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return fail("the server rejected the credential: HTTP %s", resp.Status)
	case resp.StatusCode >= 400:
		return fail("the server answered HTTP %s", resp.Status)
	}
	return pass("the server accepted the request: HTTP %s", resp.Status)
}

// checkToken asks the token URL for a token with the client credentials
// grant (client id and secret sent as basic authentication, RFC 6749).
func checkToken(ctx context.Context, c credential.Credential) Result {
	form := url.Values{"grant_type": {"client_credentials"}}
	if s := strings.TrimSpace(c.Field("scopes")); s != "" {
		form.Set("scope", s)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.Field("tokenUrl"), strings.NewReader(form.Encode()))
	if err != nil {
		return fail("bad token URL: %v", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.SetBasicAuth(url.QueryEscape(c.Field("clientId")), url.QueryEscape(c.Field("clientSecret")))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fail("token request failed: %v", unwrapURLError(err))
	}
	defer resp.Body.Close()
	var body struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int64  `json:"expires_in"`
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	decodeErr := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&body)
	switch {
	case resp.StatusCode != http.StatusOK:
		return fail("the token URL answered HTTP %s %s", resp.Status, strings.TrimSpace(body.Error+" "+body.Description))
	case decodeErr != nil || body.AccessToken == "":
		return fail("the token URL answered without an access_token")
	case body.ExpiresIn > 0:
		return pass("got an access token (expires in %d s)", body.ExpiresIn)
	}
	return pass("got an access token")
}

// unwrapURLError drops the "Get \"url\":" prefix the URL is already known for.
func unwrapURLError(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}

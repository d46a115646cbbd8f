package http

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"

	"github.com/weftworks/weft/engine/credential"
	"github.com/weftworks/weft/engine/registry"
)

// Webhook auth modes.
const (
	authNone   = "none"
	authAPIKey = "apikey"
	authBasic  = "basic"
	authHMAC   = "hmac"
)

// gate checks a webhook request's credentials.
type gate struct {
	mode string
	// apikey: where the key travels and its value; basic: user and
	// password; hmac: the secret and the signature header.
	in, name, secret, user string
}

// newGate resolves the credential the webhook's auth mode needs.
func newGate(ctx context.Context, io registry.IO, mode, credName, sigHeader string) (*gate, error) {
	g := &gate{mode: mode}
	switch mode {
	case authNone:
		return g, nil
	case authAPIKey:
		c, err := credential.Lookup(ctx, io, credName, credential.APIKey)
		if err != nil {
			return nil, err
		}
		g.in, g.name, g.secret = c.Field("in"), c.Field("name"), c.Field("key")
	case authBasic:
		c, err := credential.Lookup(ctx, io, credName, credential.Basic)
		if err != nil {
			return nil, err
		}
		g.user, g.secret = c.Field("username"), c.Field("password")
	case authHMAC:
		c, err := credential.Lookup(ctx, io, credName, credential.APIKey, credential.Bearer)
		if err != nil {
			return nil, err
		}
		g.secret = c.Field("key") + c.Field("token")
		g.in, g.name = "header", sigHeader
	default:
		return nil, fmt.Errorf("unknown auth %q", mode)
	}
	if g.secret == "" {
		return nil, fmt.Errorf("credential %q has an empty secret; a webhook refuses to accept it", credName)
	}
	return g, nil
}

// needsBody reports whether the check needs the body (HMAC).
func (g *gate) needsBody() bool { return g.mode == authHMAC }

// allows reports whether r (with its body, for HMAC) carries valid
// credentials.
func (g *gate) allows(r *http.Request, body []byte) bool {
	switch g.mode {
	case authAPIKey:
		got := r.Header.Get(g.name)
		if g.in == "query" {
			got = r.URL.Query().Get(g.name)
		}
		return equal(got, g.secret)
	case authBasic:
		u, p, ok := r.BasicAuth()
		return ok && equal(u, g.user) && equal(p, g.secret)
	case authHMAC:
		return validSignature(g.secret, r.Header.Get(g.name), body)
	}
	return true
}

// hidden lists the header (lower-case) and query names the gate reads a
// secret from, which the message must not carry.
func (g *gate) hidden() (header, query string) {
	if g.mode == authAPIKey && g.in == "query" {
		return "", g.name
	}
	if g.mode == authAPIKey {
		return strings.ToLower(g.name), ""
	}
	return "", ""
}

func equal(got, want string) bool {
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// Sign returns the "sha256=<hex>" HMAC-SHA256 signature of body under
// secret, as webhook senders (GitHub, Shopify-style) put in a header.
func Sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// validSignature checks a "sha256=<hex>" signature (hex in any case) of
// body under secret.
func validSignature(secret, sig string, body []byte) bool {
	hexSig, ok := strings.CutPrefix(strings.TrimSpace(sig), "sha256=")
	if !ok {
		return false
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return hmac.Equal(got, mac.Sum(nil))
}

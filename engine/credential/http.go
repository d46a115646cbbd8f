package credential

import (
	"fmt"
	"net/http"
)

// Authorize adds c to an HTTP request: Basic sets basic authentication,
// Bearer an `Authorization: Bearer` header, APIKey the key in the header
// or query parameter its fields name. Other kinds (OAuth2 needs a token
// first) return an error wrapping ErrWrongKind.
func Authorize(req *http.Request, c Credential) error {
	c = WithDefaults(c)
	switch c.Kind {
	case Basic:
		req.SetBasicAuth(c.Field("username"), c.Field("password"))
	case Bearer:
		req.Header.Set("Authorization", "Bearer "+c.Field("token"))
	case APIKey:
		if c.Field("in") == "query" {
			q := req.URL.Query()
			q.Set(c.Field("name"), c.Field("key"))
			req.URL.RawQuery = q.Encode()
			return nil
		}
		req.Header.Set(c.Field("name"), c.Field("key"))
	default:
		return fmt.Errorf("credential %q is of kind %s: %w; HTTP requests take basic, bearer or apikey", c.Name, c.Kind, ErrWrongKind)
	}
	return nil
}

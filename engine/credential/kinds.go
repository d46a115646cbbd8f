package credential

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// Kind is the sort of a credential; it decides its fields.
type Kind string

// The kinds of credential nodes know.
const (
	Basic  Kind = "basic"  // username, password
	Bearer Kind = "bearer" // token
	APIKey Kind = "apikey" // key, in (header|query), name
	OAuth2 Kind = "oauth2" // tokenUrl, clientId, clientSecret, scopes (client credentials)
	DSN    Kind = "dsn"    // dsn
	NATS   Kind = "nats"   // user, password, token
	Kafka  Kind = "kafka"  // mechanism (plain|scram-sha-256|scram-sha-512), username, password
)

// Test says how a credential of a kind can be tried out ("test
// connection").
type Test string

// The ways of testing a credential.
const (
	TestNone   Test = ""       // the kind cannot be tested on its own
	TestURL    Test = "url"    // an HTTP GET of a URL the person gives, with the credential applied
	TestDial   Test = "dial"   // connect to the system the credential names (DSN: open and ping)
	TestServer Test = "server" // connect to a server address the person gives (NATS URL, Kafka brokers)
	TestToken  Test = "token"  // request a token from the credential's token URL (OAuth2)
)

// Field describes one field of a kind.
type Field struct {
	Name        string   `json:"name"`
	Title       string   `json:"title"`
	Description string   `json:"description,omitempty"`
	Secret      bool     `json:"secret,omitempty"`
	Required    bool     `json:"required,omitempty"`
	Enum        []string `json:"enum,omitempty"`
	Default     string   `json:"default,omitempty"`
}

// KindSpec describes a kind: its fields and how it can be tested.
type KindSpec struct {
	Kind        Kind    `json:"kind"`
	Title       string  `json:"title"`
	Description string  `json:"description"`
	Fields      []Field `json:"fields"`
	Test        Test    `json:"test,omitempty"`
}

var kinds = []KindSpec{
	{Kind: Basic, Title: "Basic auth", Test: TestURL,
		Description: "A username and password sent as HTTP Basic authentication.",
		Fields: []Field{
			{Name: "username", Title: "Username", Required: true},
			{Name: "password", Title: "Password", Secret: true},
		}},
	{Kind: Bearer, Title: "Bearer token", Test: TestURL,
		Description: "A token sent in the header Authorization: Bearer <token>.",
		Fields: []Field{
			{Name: "token", Title: "Token", Secret: true, Required: true},
		}},
	{Kind: APIKey, Title: "API key", Test: TestURL,
		Description: "A key sent in a header or a query parameter.",
		Fields: []Field{
			{Name: "key", Title: "Key", Secret: true, Required: true},
			{Name: "in", Title: "Send in", Enum: []string{"header", "query"}, Default: "header"},
			{Name: "name", Title: "Header or parameter name", Default: "X-API-Key"},
		}},
	{Kind: OAuth2, Title: "OAuth2 client credentials", Test: TestToken,
		Description: "A client id and secret exchanged at a token URL for access tokens.",
		Fields: []Field{
			{Name: "tokenUrl", Title: "Token URL", Required: true},
			{Name: "clientId", Title: "Client id", Required: true},
			{Name: "clientSecret", Title: "Client secret", Secret: true, Required: true},
			{Name: "scopes", Title: "Scopes", Description: "Space-separated."},
		}},
	{Kind: DSN, Title: "Database DSN", Test: TestDial,
		Description: "A database connection string (postgres://… or a SQLite file path).",
		Fields: []Field{
			{Name: "dsn", Title: "DSN", Secret: true, Required: true},
		}},
	{Kind: NATS, Title: "NATS auth", Test: TestServer,
		Description: "A user and password, or a token, for a NATS server.",
		Fields: []Field{
			{Name: "user", Title: "User"},
			{Name: "password", Title: "Password", Secret: true},
			{Name: "token", Title: "Token", Secret: true},
		}},
	{Kind: Kafka, Title: "Kafka SASL", Test: TestServer,
		Description: "SASL authentication for Kafka brokers.",
		Fields: []Field{
			{Name: "mechanism", Title: "Mechanism", Required: true,
				Enum: []string{"plain", "scram-sha-256", "scram-sha-512"}, Default: "plain"},
			{Name: "username", Title: "Username", Required: true},
			{Name: "password", Title: "Password", Secret: true},
		}},
}

// Kinds returns every kind with its fields, in a fixed order. The result
// is a copy the caller may change.
func Kinds() []KindSpec {
	out := make([]KindSpec, len(kinds))
	for i, k := range kinds {
		k.Fields = slices.Clone(k.Fields)
		out[i] = k
	}
	return out
}

// SpecOf returns the spec of kind k, or false for an unknown kind.
func SpecOf(k Kind) (KindSpec, bool) {
	for _, s := range Kinds() {
		if s.Kind == k {
			return s, true
		}
	}
	return KindSpec{}, false
}

// IsSecret reports whether field name of kind k is secret. Unknown kinds
// and fields count as secret, so that callers that mask err on the safe side.
func IsSecret(k Kind, name string) bool {
	s, ok := SpecOf(k)
	if !ok {
		return true
	}
	for _, f := range s.Fields {
		if f.Name == name {
			return f.Secret
		}
	}
	return true
}

// Validate checks c's name, kind and fields: a known kind, every required
// field set, enum fields within their values, no unknown field. Errors
// wrap ErrInvalid.
func Validate(c Credential) error {
	if err := ValidateName(c.Name); err != nil {
		return err
	}
	s, ok := SpecOf(c.Kind)
	if !ok {
		return fmt.Errorf("%w: unknown kind %q", ErrInvalid, c.Kind)
	}
	for name := range c.Fields {
		if !slices.ContainsFunc(s.Fields, func(f Field) bool { return f.Name == name }) {
			return fmt.Errorf("%w: %s has no field %q", ErrInvalid, c.Kind, name)
		}
	}
	for _, f := range s.Fields {
		v := c.Fields[f.Name]
		if f.Required && v == "" {
			return fmt.Errorf("%w: field %q is required", ErrInvalid, f.Name)
		}
		if v != "" && len(f.Enum) > 0 && !slices.Contains(f.Enum, v) {
			return fmt.Errorf("%w: field %q must be one of %s", ErrInvalid, f.Name, strings.Join(f.Enum, ", "))
		}
	}
	return nil
}

// ValidateName checks a credential name: 1 to 100 characters, no leading
// or trailing space, no control characters. Errors wrap ErrInvalid.
func ValidateName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("%w: a name is required", ErrInvalid)
	case len(name) > 100:
		return fmt.Errorf("%w: name longer than 100 bytes", ErrInvalid)
	case strings.TrimSpace(name) != name:
		return fmt.Errorf("%w: name %q starts or ends with space", ErrInvalid, name)
	case strings.ContainsFunc(name, unicode.IsControl):
		return fmt.Errorf("%w: name %q contains control characters", ErrInvalid, name)
	}
	return nil
}

// WithDefaults returns a copy of c whose empty fields with a default
// (e.g. an API key's "in" and "name") hold it.
func WithDefaults(c Credential) Credential {
	c.Fields = copyFields(c.Fields)
	if s, ok := SpecOf(c.Kind); ok {
		for _, f := range s.Fields {
			if c.Fields[f.Name] == "" && f.Default != "" {
				c.Fields[f.Name] = f.Default
			}
		}
	}
	return c
}

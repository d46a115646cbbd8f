package credential

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/weftworks/weft/engine/registry"
)

// ErrNotFound is returned by a Source that holds no credential of the
// requested name.
var ErrNotFound = errors.New("credential not found")

// ErrNoSource is returned by Lookup when the host provides no credential
// Source to the run.
var ErrNoSource = errors.New("no credential store is available to this run")

// ErrWrongKind is returned by Lookup when the credential exists but is of
// a kind the node cannot use.
var ErrWrongKind = errors.New("credential has the wrong kind")

// ErrInvalid is wrapped by Validate for a credential with a bad name, an
// unknown kind, a missing required field or an unknown field.
var ErrInvalid = errors.New("invalid credential")

// Credential is one named secret of a kind. Fields holds the values by the
// field names Kinds lists for the kind (e.g. username and password for
// Basic).
type Credential struct {
	Name   string            `json:"name"`
	Kind   Kind              `json:"kind"`
	Fields map[string]string `json:"fields"`
}

// Field returns the value of the field called name, or "" when unset.
func (c Credential) Field(name string) string { return c.Fields[name] }

// String names the credential and lists its field names, never their
// values, so that printing a Credential by accident leaks nothing.
func (c Credential) String() string {
	names := make([]string, 0, len(c.Fields))
	for n := range c.Fields {
		names = append(names, n)
	}
	sort.Strings(names)
	return fmt.Sprintf("credential %q (%s; fields %s)", c.Name, c.Kind, strings.Join(names, ", "))
}

// GoString hides the values from %#v as well.
func (c Credential) GoString() string { return c.String() }

// MarshalJSON leaves out the secret fields (IsSecret), so that a
// credential that ends up in a record, a message or a response by mistake
// carries no secret. Decoding is plain: FromEnv and tests read full
// credentials from JSON.
func (c Credential) MarshalJSON() ([]byte, error) {
	plain := make(map[string]string, len(c.Fields))
	for k, v := range c.Fields {
		if !IsSecret(c.Kind, k) {
			plain[k] = v
		}
	}
	type bare Credential // no methods: no recursion
	return json.Marshal(bare{Name: c.Name, Kind: c.Kind, Fields: plain})
}

// Source finds credentials by name. Implementations are safe for
// concurrent use.
type Source interface {
	// Credential returns the credential called name, or an error wrapping
	// ErrNotFound.
	Credential(ctx context.Context, name string) (Credential, error)
}

// Key is the service under which a host provides its Source to runs.
var Key = registry.NewKey[Source]("weft.credentials")

// Static is a Source over a fixed map, keyed by credential name. The
// runner fills one from its environment; tests build one inline. A
// credential's Name is taken from its key when empty.
type Static map[string]Credential

// Credential returns the credential called name.
func (s Static) Credential(_ context.Context, name string) (Credential, error) {
	c, ok := s[name]
	if !ok {
		return Credential{}, fmt.Errorf("%w: %q", ErrNotFound, name)
	}
	if c.Name == "" {
		c.Name = name
	}
	c.Fields = copyFields(c.Fields)
	return c, nil
}

var _ Source = Static(nil)

// Lookup resolves the credential called name for a running node: it finds
// the host's Source in io's services and checks that the credential is of
// one of kinds (any kind when kinds is empty). Errors carry a hint a
// person can act on; nodes pass them to io.Fail or return them from Run.
// Empty fields with a default (see Kinds) come back holding it.
func Lookup(ctx context.Context, io registry.IO, name string, kinds ...Kind) (Credential, error) {
	if name == "" {
		return Credential{}, fmt.Errorf("%w: no credential name given", ErrNotFound)
	}
	src, ok := registry.ServiceOf(io, Key)
	if !ok || src == nil {
		return Credential{}, fmt.Errorf("credential %q: %w (run the flow from Weft Studio, or give the runner its secrets)", name, ErrNoSource)
	}
	c, err := src.Credential(ctx, name)
	if errors.Is(err, ErrNotFound) {
		return Credential{}, fmt.Errorf("credential %q: %w (create it in the Credentials panel)", name, ErrNotFound)
	}
	if err != nil {
		return Credential{}, fmt.Errorf("credential %q: %w", name, err)
	}
	if err := c.Require(kinds...); err != nil {
		return Credential{}, err
	}
	return WithDefaults(c), nil
}

// Require returns an error wrapping ErrWrongKind unless c is of one of
// kinds (any kind when kinds is empty).
func (c Credential) Require(kinds ...Kind) error {
	if len(kinds) == 0 {
		return nil
	}
	names := make([]string, len(kinds))
	for i, k := range kinds {
		if c.Kind == k {
			return nil
		}
		names[i] = string(k)
	}
	return fmt.Errorf("credential %q is of kind %s: %w; this node needs %s", c.Name, c.Kind, ErrWrongKind, strings.Join(names, " or "))
}

func copyFields(f map[string]string) map[string]string {
	out := make(map[string]string, len(f))
	for k, v := range f {
		out[k] = v
	}
	return out
}

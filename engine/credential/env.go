package credential

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// EnvPrefix starts the environment variables FromEnv reads.
const EnvPrefix = "WEFT_CREDENTIAL_"

// FromEnv builds a Static source from environment entries ("KEY=value",
// as os.Environ returns them): every variable named WEFT_CREDENTIAL_<X>
// holds one credential as JSON, {"name": "crm", "kind": "bearer",
// "fields": {"token": "…"}}. Without "name", the credential is called <X>
// in lower case. Each credential must pass Validate. Errors name the
// variable, never its value.
func FromEnv(environ []string) (Static, error) {
	out := Static{}
	environ = slices.Sorted(slices.Values(environ))
	for _, kv := range environ {
		key, value, ok := strings.Cut(kv, "=")
		if !ok || !strings.HasPrefix(key, EnvPrefix) || len(key) == len(EnvPrefix) {
			continue
		}
		c, err := parseEnv(key, value)
		if err != nil {
			return nil, err
		}
		if _, dup := out[c.Name]; dup {
			return nil, fmt.Errorf("%s: %w: a second credential called %q", key, ErrInvalid, c.Name)
		}
		out[c.Name] = c
	}
	return out, nil
}

func parseEnv(key, value string) (Credential, error) {
	var c Credential
	dec := json.NewDecoder(strings.NewReader(value))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		// json errors may quote the input; keep secrets out of the message
		return Credential{}, fmt.Errorf("%s: %w: not a JSON object {\"name\", \"kind\", \"fields\"}", key, ErrInvalid)
	}
	if c.Name == "" {
		c.Name = strings.ToLower(strings.TrimPrefix(key, EnvPrefix))
	}
	if err := Validate(c); err != nil {
		return Credential{}, fmt.Errorf("%s: %w", key, err)
	}
	return c, nil
}

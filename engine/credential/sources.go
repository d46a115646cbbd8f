package credential

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ErrConflict is wrapped by Merge when two sources hold a credential of
// the same name.
var ErrConflict = errors.New("credential defined twice")

// ParseEnvFile reads KEY=VALUE lines: blank lines and lines starting with
// # are skipped, an optional "export " prefix is dropped, and a value in
// matching single or double quotes loses them (no escapes are expanded).
// It returns the entries as os.Environ does ("KEY=VALUE"), in file order.
// Errors name the line, never its value.
func ParseEnvFile(data []byte) ([]string, error) {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		text = strings.TrimPrefix(text, "export ")
		key, value, ok := strings.Cut(text, "=")
		key = strings.TrimSpace(key)
		if !ok || key == "" || strings.ContainsAny(key, " \t\"'") {
			return nil, fmt.Errorf("line %d: %w: want KEY=VALUE", line, ErrInvalid)
		}
		out = append(out, key+"="+unquote(strings.TrimSpace(value)))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("env file: %w", err)
	}
	return out, nil
}

func unquote(v string) string {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		return v[1 : len(v)-1]
	}
	return v
}

// FromEnvFile reads the env file at path and builds a Static source from
// its WEFT_CREDENTIAL_<X> entries and those of environ. A variable set in
// environ (the process environment) wins over the same variable in the
// file, so an operator can override one credential without editing it.
func FromEnvFile(path string, environ []string) (Static, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	entries, err := ParseEnvFile(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	set := map[string]bool{}
	for _, kv := range environ {
		k, _, _ := strings.Cut(kv, "=")
		set[k] = true
	}
	merged := append([]string(nil), environ...)
	for _, kv := range entries {
		if k, _, _ := strings.Cut(kv, "="); !set[k] {
			merged = append(merged, kv)
			set[k] = true
		}
	}
	return FromEnv(merged)
}

// FromDir builds a Static source from a directory holding one file per
// credential, as container platforms mount secrets: the file name is the
// credential name and the content its JSON {"kind", "fields"}. Dotfiles
// and directories (Kubernetes' ..data layout) are skipped; symlinks to
// files are followed.
func FromDir(dir string) (Static, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	out := Static{}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		path := filepath.Join(dir, name)
		if st, err := os.Stat(path); err != nil || st.IsDir() {
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		c, err := decodeFile(path, name, data)
		if err != nil {
			return nil, err
		}
		out[name] = c
	}
	return out, nil
}

// Merge joins sources into one. A name held by two sources is an error
// wrapping ErrConflict, naming the credential but no value.
func Merge(sources ...Static) (Static, error) {
	out := Static{}
	for _, s := range sources {
		for name, c := range s {
			if _, dup := out[name]; dup {
				return nil, fmt.Errorf("%w: %q is given by more than one of the environment, --env and --secrets", ErrConflict, name)
			}
			out[name] = c
		}
	}
	return out, nil
}

func decodeFile(path, name string, data []byte) (Credential, error) {
	var c Credential
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return Credential{}, fmt.Errorf("%s: %w: not a JSON object {\"kind\", \"fields\"}", path, ErrInvalid)
	}
	if c.Name != "" && c.Name != name {
		return Credential{}, fmt.Errorf("%s: %w: the file names credential %q", path, ErrInvalid, c.Name)
	}
	c.Name = name
	if err := Validate(c); err != nil {
		return Credential{}, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

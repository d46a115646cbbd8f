package queue

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/weftworks/weft/engine/jsoncodec"
)

// ErrTemplate reports a {{path}} placeholder that the payload cannot fill.
var ErrTemplate = errors.New("template")

// template is a string with {{path}} placeholders, such as
// "orders.{{region}}" or "{{customer.id}}", filled from a payload: a path
// is dot-separated object keys and array indexes.
type template struct {
	parts []string // literal, path, literal, path, …, literal
}

// parseTemplate parses src; an unclosed or empty placeholder is an error.
func parseTemplate(src string) (template, error) {
	var t template
	rest := src
	for {
		open := strings.Index(rest, "{{")
		if open < 0 {
			t.parts = append(t.parts, rest)
			return t, nil
		}
		end := strings.Index(rest[open:], "}}")
		if end < 0 {
			return template{}, fmt.Errorf("%w %q: unclosed {{", ErrTemplate, src)
		}
		path := strings.TrimSpace(rest[open+2 : open+end])
		if path == "" {
			return template{}, fmt.Errorf("%w %q: empty {{}}", ErrTemplate, src)
		}
		t.parts = append(t.parts, rest[:open], path)
		rest = rest[open+end+2:]
	}
}

// static reports whether the template has no placeholders.
func (t template) static() bool { return len(t.parts) == 1 }

// fill renders the template with values from payload. A missing path, or
// one holding an object, an array or null, is an error.
func (t template) fill(payload any) (string, error) {
	var b strings.Builder
	for i, p := range t.parts {
		if i%2 == 0 {
			b.WriteString(p)
			continue
		}
		v, err := lookup(payload, p)
		if err != nil {
			return "", err
		}
		b.WriteString(v)
	}
	return b.String(), nil
}

func lookup(payload any, path string) (string, error) {
	v := payload
	for _, key := range strings.Split(path, ".") {
		switch c := v.(type) {
		case map[string]any, *jsoncodec.Object:
			var ok bool
			if v, ok = jsoncodec.Lookup(c, key); !ok {
				return "", fmt.Errorf("%w: payload has no field %q", ErrTemplate, path)
			}
		case []any:
			i, err := strconv.Atoi(key)
			if err != nil || i < 0 || i >= len(c) {
				return "", fmt.Errorf("%w: payload has no element %q", ErrTemplate, path)
			}
			v = c[i]
		default:
			return "", fmt.Errorf("%w: payload has no field %q", ErrTemplate, path)
		}
	}
	switch s := v.(type) {
	case string:
		return s, nil
	case float64:
		return strconv.FormatFloat(s, 'f', -1, 64), nil
	case int, int64, bool, json.Number:
		return fmt.Sprint(s), nil
	}
	return "", fmt.Errorf("%w: field %q is not a string, number or boolean", ErrTemplate, path)
}

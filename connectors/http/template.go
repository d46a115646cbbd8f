package http

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/weftworks/weft/engine/jsoncodec"
)

// ErrTemplate is wrapped by ParseTemplate's errors: the template text is
// malformed.
var ErrTemplate = errors.New("bad template")

// ErrNoValue is wrapped by Render's error when a template names a path
// the payload does not have.
var ErrNoValue = errors.New("no value at path")

// Template is text with {{path}} placeholders taken from a message
// payload: "https://api.example.com/orders/{{order.id}}". A path is
// dot-separated object keys and array indexes ("items.0.sku"); "." alone
// is the whole payload.
type Template struct {
	parts []part
}

// part is literal text, or a placeholder when path is set.
type part struct {
	text string
	path []string
}

// ParseTemplate parses s. "{{" with no closing "}}" and empty
// placeholders are errors wrapping ErrTemplate.
func ParseTemplate(s string) (*Template, error) {
	t := &Template{}
	for s != "" {
		open := strings.Index(s, "{{")
		if open < 0 {
			t.parts = append(t.parts, part{text: s})
			break
		}
		if open > 0 {
			t.parts = append(t.parts, part{text: s[:open]})
		}
		rest := s[open+2:]
		end := strings.Index(rest, "}}")
		if end < 0 {
			return nil, fmt.Errorf("%w: %q has no closing }}", ErrTemplate, s[open:])
		}
		name := strings.TrimSpace(rest[:end])
		if name == "" {
			return nil, fmt.Errorf("%w: empty {{}}", ErrTemplate)
		}
		p := part{path: []string{}}
		if name != "." {
			p.path = strings.Split(name, ".")
		}
		t.parts = append(t.parts, p)
		s = rest[end+2:]
	}
	return t, nil
}

// Render fills t from payload. Each value is turned into text (strings as
// they are, numbers without exponent, objects and arrays as JSON) and
// passed through escape when it is not nil. A missing path is an error
// wrapping ErrNoValue.
func (t *Template) Render(payload any, escape func(string) string) (string, error) {
	var b strings.Builder
	for _, p := range t.parts {
		if p.path == nil {
			b.WriteString(p.text)
			continue
		}
		v, ok := lookup(payload, p.path)
		if !ok {
			return "", fmt.Errorf("{{%s}}: %w", strings.Join(p.path, "."), ErrNoValue)
		}
		s := textOf(v)
		if escape != nil {
			s = escape(s)
		}
		b.WriteString(s)
	}
	return b.String(), nil
}

// lookup follows path into v.
func lookup(v any, path []string) (any, bool) {
	for _, key := range path {
		switch t := v.(type) {
		case map[string]any, *jsoncodec.Object:
			e, ok := jsoncodec.Lookup(t, key)
			if !ok {
				return nil, false
			}
			v = e
		case []any:
			i, err := strconv.Atoi(key)
			if err != nil || i < 0 || i >= len(t) {
				return nil, false
			}
			v = t[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// lookupPath follows a dotted path ("" is v itself).
func lookupPath(v any, path string) (any, bool) {
	if path == "" || path == "." {
		return v, true
	}
	return lookup(v, strings.Split(path, "."))
}

// textOf turns a JSON-like value into text.
func textOf(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return t
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(t)
	case json.Number:
		return t.String()
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// RenderURL renders a URL template: values are escaped as URL path
// segments, except a placeholder at the very start, which inserts a base
// URL as it is.
func (t *Template) RenderURL(payload any) (string, error) {
	if len(t.parts) == 0 || t.parts[0].path == nil {
		return t.Render(payload, url.PathEscape)
	}
	head := &Template{parts: t.parts[:1]}
	base, err := head.Render(payload, nil)
	if err != nil {
		return "", err
	}
	rest, err := (&Template{parts: t.parts[1:]}).Render(payload, url.PathEscape)
	return base + rest, err
}

package mapping

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/script"
)

// undefined is a missing value: an absent key, an index out of range.
var undefined = script.Undefined

// step is one step of a source path: a key, an index, or every element.
type step struct {
	key   string
	index int
	kind  stepKind
}

type stepKind uint8

const (
	stepKey stepKind = iota
	stepIndex
	stepEach
)

// sourcePath is a compiled source path.
type sourcePath []step

// parsePath parses "customer.email", "items[0].sku", "items[*].sku",
// `["odd key"].x`, with an optional leading "$" or "$.". "$" alone is the
// whole record.
func parsePath(src string) (sourcePath, error) {
	s := strings.TrimSpace(src)
	if s == "" {
		return nil, fmt.Errorf("empty path")
	}
	if s == "$" {
		return sourcePath{}, nil
	}
	s = strings.TrimPrefix(strings.TrimPrefix(s, "$"), ".")
	var p sourcePath
	for pos := 0; pos < len(s); {
		switch {
		case s[pos] == '[':
			st, n, err := parseBracket(s[pos:])
			if err != nil {
				return nil, fmt.Errorf("path %q, column %d: %w", src, pos+1, err)
			}
			p, pos = append(p, st), pos+n
		case s[pos] == '.' && len(p) > 0 && pos+1 < len(s) && s[pos+1] != '.' && s[pos+1] != '[':
			pos++
		default:
			end := pos + strings.IndexAny(s[pos:]+".", ".[")
			if end == pos {
				return nil, fmt.Errorf("path %q, column %d: expected a name", src, pos+1)
			}
			p, pos = append(p, step{key: s[pos:end]}), end
		}
	}
	return p, nil
}

// parseBracket parses "[3]", "[*]" or `["key"]` at the start of s and
// returns the step and the bytes it used.
func parseBracket(s string) (step, int, error) {
	end := strings.IndexByte(s, ']')
	if strings.HasPrefix(s, `["`) {
		q := closingQuote(s)
		if q < 0 || q+1 >= len(s) || s[q+1] != ']' {
			return step{}, 0, fmt.Errorf(`unterminated ["key"]`)
		}
		key, err := strconv.Unquote(s[1 : q+1])
		if err != nil {
			return step{}, 0, fmt.Errorf("bad quoted key: %w", err)
		}
		return step{key: key}, q + 2, nil
	}
	if end < 0 {
		return step{}, 0, fmt.Errorf("missing ]")
	}
	inner := s[1:end]
	if inner == "*" {
		return step{kind: stepEach}, end + 1, nil
	}
	i, err := strconv.Atoi(inner)
	if err != nil || i < 0 || inner != strconv.Itoa(i) {
		return step{}, 0, fmt.Errorf("index %q is not [*] or a number", inner)
	}
	return step{kind: stepIndex, index: i}, end + 1, nil
}

// closingQuote finds the quote that closes the string starting at s[1].
func closingQuote(s string) int {
	for i := 2; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}

// eval reads the path in v. A missing value is undefined; [*] gives an
// array with one entry per element (undefined where the rest is missing).
func (p sourcePath) eval(v any) any {
	for i, st := range p {
		switch st.kind {
		case stepKey:
			var ok bool
			if v, ok = jsoncodec.Lookup(v, st.key); !ok {
				return undefined
			}
		case stepIndex:
			a, ok := v.([]any)
			if !ok || st.index >= len(a) {
				return undefined
			}
			v = a[st.index]
		case stepEach:
			a, ok := v.([]any)
			if !ok {
				return undefined
			}
			out := make([]any, len(a))
			for j, e := range a {
				out[j] = p[i+1:].eval(e)
			}
			return out
		}
	}
	return v
}

// String renders the path in the lineage form: "items[*].sku".
func (p sourcePath) String() string {
	var b strings.Builder
	for _, st := range p {
		switch st.kind {
		case stepKey:
			if isPlainKey(st.key) {
				if b.Len() > 0 {
					b.WriteByte('.')
				}
				b.WriteString(st.key)
			} else {
				b.WriteString("[" + strconv.Quote(st.key) + "]")
			}
		case stepIndex:
			b.WriteString("[" + strconv.Itoa(st.index) + "]")
		case stepEach:
			b.WriteString("[*]")
		}
	}
	if b.Len() == 0 {
		return "$"
	}
	return b.String()
}

func isPlainKey(k string) bool {
	return k != "" && !strings.ContainsAny(k, ".[]\"") && strings.TrimSpace(k) == k && k != "$"
}

package jsoncodec

import (
	"encoding/json"
	"strings"

	"github.com/weftworks/weft/engine/wtf8"
)

// ForStdlib returns v ready for encoding/json to write as AppendJSON
// does. encoding/json writes the bytes of a WTF-8 lone surrogate as
// U+FFFD and always escapes U+2028 and U+2029, so ForStdlib returns a
// copy of v in which each string that holds one of those is the
// json.RawMessage AppendString writes for it (an object with such a key,
// the json.RawMessage AppendJSON writes). encoding/json then writes the
// same bytes as AppendJSON, <, > and & aside when its HTML escaping is on.
// v itself is not changed; without such strings it is returned as is.
func ForStdlib(v any) any {
	if !differs(v) {
		return v
	}
	switch t := v.(type) {
	case string:
		return json.RawMessage(AppendString(nil, t))
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = ForStdlib(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			if differsString(k) {
				if b, err := AppendJSON(nil, t); err == nil {
					return json.RawMessage(b)
				}
			}
			out[k] = ForStdlib(e)
		}
		return out
	}
	return v
}

// differsString reports whether encoding/json writes s otherwise than
// AppendString does, HTML escaping aside.
func differsString(s string) bool {
	return wtf8.Has(s) || strings.Contains(s, "\u2028") || strings.Contains(s, "\u2029")
}

// differs reports whether v holds a string (or key) for which
// differsString holds.
func differs(v any) bool {
	switch t := v.(type) {
	case string:
		return differsString(t)
	case []any:
		for _, e := range t {
			if differs(e) {
				return true
			}
		}
	case map[string]any:
		for k, e := range t {
			if differsString(k) || differs(e) {
				return true
			}
		}
	}
	return false
}

package jsoncodec

import (
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/weftworks/weft/engine/wtf8"
)

// ErrNotJSON is returned by AppendJSON for a value it cannot encode: NaN,
// an infinity, or a value too deeply nested.
var ErrNotJSON = errors.New("value is not JSON")

// maxEncodeDepth bounds the nesting AppendJSON follows (and so cycles).
const maxEncodeDepth = 1000

// AppendJSON appends the JSON encoding of a JSON-like value to dst, with
// encoding/json's number format, the members of an Object in order, the
// keys of a map[string]any sorted, and strings as JavaScript's
// JSON.stringify writes them (see AppendString). Values that are not JSON-like (other
// Go types) are encoded by encoding/json. It is the fast path for writing
// mapped records; on error dst is returned unchanged.
func AppendJSON(dst []byte, v any) ([]byte, error) {
	out, err := appendValue(dst, v, 0)
	if err != nil {
		return dst, err
	}
	return out, nil
}

func appendValue(b []byte, v any, depth int) ([]byte, error) {
	if depth > maxEncodeDepth {
		return b, ErrNotJSON
	}
	switch t := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case string:
		return AppendString(b, t), nil
	case float64:
		return appendFloat(b, t)
	case bool:
		return strconv.AppendBool(b, t), nil
	case *Object:
		if t == nil {
			return append(b, "null"...), nil
		}
		return appendOrdered(b, t, depth)
	case map[string]any:
		return appendObject(b, t, depth)
	case []any:
		b = append(b, '[')
		for i, e := range t {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = appendValue(b, e, depth+1); err != nil {
				return b, err
			}
		}
		return append(b, ']'), nil
	}
	data, err := json.Marshal(v)
	return append(b, data...), err
}

// appendObject writes an object with its keys in sorted order.
func appendObject(b []byte, m map[string]any, depth int) ([]byte, error) {
	var small [16]string
	keys := small[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(AppendString(b, k), ':')
		var err error
		if b, err = appendValue(b, m[k], depth+1); err != nil {
			return b, err
		}
	}
	return append(b, '}'), nil
}

// appendOrdered writes an Object with its members in order.
func appendOrdered(b []byte, o *Object, depth int) ([]byte, error) {
	b = append(b, '{')
	for i, m := range o.members {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(AppendString(b, m.Key), ':')
		var err error
		if b, err = appendValue(b, m.Value, depth+1); err != nil {
			return b, err
		}
	}
	return append(b, '}'), nil
}

// appendFloat writes a number as encoding/json does: the shortest
// representation, in exponent form below 1e-6 and from 1e21.
func appendFloat(b []byte, f float64) ([]byte, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return b, ErrNotJSON
	}
	if i := int64(f); float64(i) == f && i > -1<<53 && i < 1<<53 && (i != 0 || !math.Signbit(f)) {
		return strconv.AppendInt(b, i, 10), nil
	}
	if n := math.Round(f * 100); n != 0 && math.Abs(n) < maxCents && n/100 == f {
		return appendCents(b, int64(n)), nil
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// "1e-07" becomes "1e-7".
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, nil
}

// maxCents bounds the hundredths appendCents writes: below it, doubles
// are far closer together than 0.01, so the shortest decimal that reads
// back as the double nearest n/100 is n/100 itself.
const maxCents = 1 << 43

// appendCents writes n/100, for a double f that is the nearest one to
// n/100 (n not 0): the digits strconv's shortest formatting gives for f,
// without its search.
func appendCents(b []byte, n int64) []byte {
	if n < 0 {
		b, n = append(b, '-'), -n
	}
	b = strconv.AppendInt(b, n/100, 10)
	switch frac := n % 100; {
	case frac == 0:
		return b
	case frac%10 == 0:
		return append(b, '.', byte('0'+frac/10))
	default:
		return append(b, '.', byte('0'+frac/10), byte('0'+frac%10))
	}
}

const hexDigits = "0123456789abcdef"

// AppendString appends s as a quoted JSON string with JSON.stringify's
// escaping: only ", \ and control characters are escaped (<, >, &, U+2028
// and U+2029 stay literal), a WTF-8 lone surrogate is written as a
// lowercase \udXXX escape, and other invalid UTF-8 as \ufffd.
func AppendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := skipPlain(s, 0); i < len(s); i = skipPlain(s, i) {
		c := s[i]
		if c < utf8.RuneSelf { // '"', '\\' or a control character
			b = append(b, s[start:i]...)
			b = appendEscapedByte(b, c)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			if u, ok := wtf8.Surrogate(s[i:]); ok {
				b = append(b, '\\', 'u', hexDigits[u>>12], hexDigits[u>>8&0xF], hexDigits[u>>4&0xF], hexDigits[u&0xF])
				size = 3
			} else {
				b = append(b, `\ufffd`...)
			}
			start = i + size
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

func appendEscapedByte(b []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(b, '\\', c)
	case '\b':
		return append(b, '\\', 'b')
	case '\f':
		return append(b, '\\', 'f')
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	}
	return append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
}

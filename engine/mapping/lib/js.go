package lib

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/dop251/goja/ftoa"
	"github.com/dop251/goja/parser"
	"golang.org/x/text/cases"
	"golang.org/x/text/language"

	"github.com/weftworks/weft/engine/script"
	"github.com/weftworks/weft/engine/wtf8"
)

// Undefined is JavaScript's undefined (script.Undefined).
var Undefined any = script.Undefined

// FormatNumber formats f as JavaScript's Number.prototype.toString does
// (shortest round-trip digits, exponent from 1e21, "-0" prints as "0").
func FormatNumber(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.FormatInt(int64(f), 10)
	}
	var buf [64]byte
	return string(ftoa.FToStr(f, ftoa.ModeStandard, 0, buf[:0]))
}

// FormatFixed formats f as Number.prototype.toFixed(digits) does, for
// digits in 0..100.
func FormatFixed(f float64, digits int) string {
	if math.IsNaN(f) {
		return "NaN"
	}
	var buf [128]byte
	return string(ftoa.FToStr(f, ftoa.ModeFixed, digits, buf[:0]))
}

// TrimSpace trims JavaScript white space and line terminators.
func TrimSpace(s string) string {
	if s == "" || plainEdge(s[0]) && plainEdge(s[len(s)-1]) {
		return s
	}
	return strings.Trim(s, parser.WhitespaceChars)
}

// plainEdge reports whether c is an ASCII byte that is not white space.
func plainEdge(c byte) bool { return c > ' ' && c < 0x80 }

// StringToNumber converts a string as JavaScript's Number(s) does.
func StringToNumber(s string) float64 {
	ss := TrimSpace(s)
	switch ss {
	case "":
		return 0
	case "Infinity", "+Infinity":
		return math.Inf(1)
	case "-Infinity":
		return math.Inf(-1)
	case "-0":
		return math.Copysign(0, -1)
	}
	if i, err := stringToInt(ss); err == nil {
		return float64(i)
	}
	if strings.ContainsRune(ss, '_') {
		return math.NaN()
	}
	p := strings.TrimLeft(ss, "+-")
	if len(ss)-len(p) > 1 || len(p) >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') {
		return math.NaN()
	}
	f, err := strconv.ParseFloat(ss, 64)
	if err == nil && math.IsInf(f, 0) {
		if l := strings.ToLower(strings.TrimLeft(ss, "+-")); strings.HasPrefix(l, "inf") {
			return math.NaN()
		}
	}
	if err != nil && !isRangeErr(err) {
		return math.NaN()
	}
	return f
}

func stringToInt(ss string) (int64, error) {
	if len(ss) > 2 {
		switch ss[:2] {
		case "0x", "0X":
			return strconv.ParseInt(ss[2:], 16, 64)
		case "0b", "0B":
			return strconv.ParseInt(ss[2:], 2, 64)
		case "0o", "0O":
			return strconv.ParseInt(ss[2:], 8, 64)
		}
	}
	return strconv.ParseInt(ss, 10, 64)
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

var parseFloatRE = regexp.MustCompile(`^([+-]?(?:Infinity|[0-9]*\.?[0-9]*(?:[eE][+-]?[0-9]+)?))`)

// ParseFloat is JavaScript's parseFloat on a string.
func ParseFloat(s string) float64 {
	if f, ok := shortDecimal(s); ok {
		return f
	}
	s = TrimSpace(s)
	if plainDecimal(s) {
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return f // the common case: the whole string is a plain number
		}
	}
	m := parseFloatRE.FindStringSubmatch(s)
	if len(m) != 2 {
		return math.NaN()
	}
	switch m[1] {
	case "", "+", "-", ".", "+.", "-.":
		return math.NaN()
	case "Infinity", "+Infinity":
		return math.Inf(1)
	case "-Infinity":
		return math.Inf(-1)
	}
	f, err := strconv.ParseFloat(m[1], 64)
	if err == nil || isRangeErr(err) {
		return f
	}
	return math.NaN()
}

// plainDecimal reports whether s starts with a digit and holds only
// digits, dots, signs and exponent letters, so that strconv.ParseFloat
// accepts it exactly when JavaScript's grammar does.
func plainDecimal(s string) bool {
	if s == "" || s[0] < '0' || s[0] > '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9', c == '.', c == 'e', c == 'E', c == '+', c == '-':
		default:
			return false
		}
	}
	return true
}

// ParseInt is JavaScript's parseInt on a string with a radix (0 when
// absent).
func ParseInt(s string, radix int) float64 {
	s = TrimSpace(s)
	sign := 1.0
	if s != "" && (s[0] == '-' || s[0] == '+') {
		if s[0] == '-' {
			sign = -1
		}
		s = s[1:]
	}
	if len(s) > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && (radix == 0 || radix == 16) {
		radix, s = 16, s[2:]
	}
	switch {
	case radix == 0:
		radix = 10
	case radix < 2 || radix > 36:
		return math.NaN()
	}
	n, i := parseDigits(s, radix)
	if i == 0 {
		return math.NaN()
	}
	if sign < 0 {
		if n == 0 {
			return 0 // goja returns +0 for "-0"
		}
		return -n
	}
	return n
}

// parseDigits reads the longest prefix of digits in radix exactly in an
// int64 and, once that overflows, in float64 (as goja does).
func parseDigits(s string, radix int) (float64, int) {
	var n int64
	i := 0
	cutoff := math.MaxInt64/int64(radix) + 1
	for ; i < len(s); i++ {
		d := digitVal(s[i])
		if d >= radix {
			return float64(n), i
		}
		if n >= cutoff {
			break
		}
		n1 := n*int64(radix) + int64(d)
		if n1 < n*int64(radix) {
			f := float64(n*int64(radix)) + float64(d)
			return largeDigits(f, s, i+1, radix)
		}
		n = n1
	}
	if i == len(s) {
		return float64(n), i
	}
	return largeDigits(float64(n), s, i, radix)
}

func largeDigits(f float64, s string, i, radix int) (float64, int) {
	for ; i < len(s); i++ {
		d := digitVal(s[i])
		if d >= radix {
			break
		}
		f = f*float64(radix) + float64(d)
	}
	return f, i
}

func digitVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	}
	return 36
}

// ToString converts a JSON-like value as JavaScript's String(v) does:
// arrays join their items with ",", objects are "[object Object]".
func ToString(v any) string {
	switch t := v.(type) {
	case nil:
		return "null"
	case string:
		return t
	case float64:
		return FormatNumber(t)
	case bool:
		if t {
			return "true"
		}
		return "false"
	case []any:
		var b strings.Builder
		for i, x := range t {
			if i > 0 {
				b.WriteByte(',')
			}
			if x != nil && x != Undefined {
				b.WriteString(ToString(x))
			}
		}
		return b.String()
	case map[string]any:
		return "[object Object]"
	}
	if v == Undefined {
		return "undefined"
	}
	return "[object Object]"
}

// ToNumber converts a JSON-like value as JavaScript's Number(v) does.
func ToNumber(v any) float64 {
	switch t := v.(type) {
	case nil:
		return 0
	case float64:
		return t
	case string:
		return StringToNumber(t)
	case bool:
		if t {
			return 1
		}
		return 0
	case []any:
		return StringToNumber(ToString(t))
	}
	return math.NaN()
}

// ToUpper is String.prototype.toUpperCase (full Unicode case mapping, so
// "ß" becomes "SS").
func ToUpper(s string) string {
	if wtf8.IsASCII(s) {
		return strings.ToUpper(s)
	}
	return cases.Upper(language.Und).String(s)
}

// ToLower is String.prototype.toLowerCase, except for the final-sigma rule
// after U+0345, which goja special-cases.
func ToLower(s string) string {
	if wtf8.IsASCII(s) {
		return strings.ToLower(s)
	}
	return cases.Lower(language.Und).String(s)
}

// IsNullish reports whether v is null or undefined.
func IsNullish(v any) bool { return v == nil || v == Undefined }

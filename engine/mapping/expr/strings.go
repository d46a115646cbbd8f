package expr

import (
	"encoding/binary"
	"math"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/dop251/goja/parser"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/mapping/lib"
	"github.com/weftworks/weft/engine/wtf8"
)

// maxBuilt bounds strings that methods such as repeat build natively;
// longer ones are left to goja.
const maxBuilt = 1 << 20

// asciiOnly wraps a string method that indexes by code unit: non-ASCII
// strings (receiver or string arguments) are left to goja.
func asciiOnly(m func(s string, args argList) (value, error)) strMethod {
	return func(s string, args argList) (value, error) {
		if !wtf8.IsASCII(s) {
			return vUndef, errFallback
		}
		for _, a := range args.v[:args.n] {
			if a.k == kStr && !wtf8.IsASCII(a.s) || a.k >= kObj {
				return vUndef, errFallback
			}
		}
		return m(s, args)
	}
}

// asciiCase flips the case of the letters from..from+25 ('A' or 'a') of
// an ASCII string (toLowerCase and toUpperCase of ASCII), making a new
// string (from boxes' slab; nil: allocated) only when a letter changes.
// It looks at eight bytes at a time.
func asciiCase(s string, from byte, boxes *jsoncodec.Boxes) string {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if caseBits(le64(s, i), from) != 0 {
			break
		}
	}
	for i < len(s) && (s[i] < from || s[i] > from+25) {
		i++
	}
	if i == len(s) {
		return s
	}
	b := textOf(s, boxes)
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		binary.LittleEndian.PutUint64(b[i:], x^caseBits(x, from))
	}
	for ; i < len(b); i++ {
		if c := b[i]; c >= from && c <= from+25 {
			b[i] = c ^ 0x20
		}
	}
	return unsafe.String(&b[0], len(b)) // b is never written again
}

// textOf returns a copy of s to change before it becomes a string: from
// boxes' slab, or allocated when boxes is nil.
func textOf(s string, boxes *jsoncodec.Boxes) []byte {
	if boxes == nil {
		return []byte(s)
	}
	b := boxes.Text(len(s))
	copy(b, s)
	return b
}

// joinIn joins strs into one string made in boxes' slab.
func joinIn(strs []string, boxes *jsoncodec.Boxes) string {
	n := 0
	for _, s := range strs {
		n += len(s)
	}
	if n == 0 {
		return ""
	}
	b, i := boxes.Text(n), 0
	for _, s := range strs {
		i += copy(b[i:], s)
	}
	return unsafe.String(&b[0], n) // b is never written again
}

// caseFrom is the first letter asciiCase changes for the case methods.
var caseFrom = map[string]byte{"toLowerCase": 'A', "toUpperCase": 'a'}

// Eight bytes at a time: ones has a 1 in every byte, highs the top bit of
// every byte.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// le64 reads s[i:i+8] as a little-endian word (one load where the
// machine allows it).
func le64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// caseBits has the case bit (0x20) of each byte of x that is a letter
// from..from+25; every byte of x must be ASCII. Adding 0x80-from sets the
// top bit of the bytes from from on, adding 0x80-from-26 that of the bytes
// after the letters; neither carries into the next byte.
func caseBits(x uint64, from byte) uint64 {
	ge := x + ones*uint64(0x80-from)
	after := x + ones*uint64(0x80-from-26)
	return (ge &^ after & highs) >> 2
}

func argString(args argList, i int) (string, error) { return toStr(args.at(i)) }

var strMethods = map[string]strMethod{
	"toLowerCase": func(s string, _ argList) (value, error) {
		if wtf8.IsASCII(s) {
			return str(asciiCase(s, 'A', nil)), nil
		}
		if !utf8.ValidString(s) || strings.ContainsRune(s, '\u0345') {
			return vUndef, errFallback
		}
		return str(lib.ToLower(s)), nil
	},
	"toUpperCase": func(s string, _ argList) (value, error) {
		if wtf8.IsASCII(s) {
			return str(asciiCase(s, 'a', nil)), nil
		}
		if !utf8.ValidString(s) {
			return vUndef, errFallback
		}
		return str(lib.ToUpper(s)), nil
	},
	"trim":      func(s string, _ argList) (value, error) { return str(lib.TrimSpace(s)), nil },
	"trimStart": func(s string, _ argList) (value, error) { return str(strings.TrimLeft(s, jsSpace)), nil },
	"trimEnd":   func(s string, _ argList) (value, error) { return str(strings.TrimRight(s, jsSpace)), nil },
	"toString":  func(s string, _ argList) (value, error) { return str(s), nil },
	"valueOf":   func(s string, _ argList) (value, error) { return str(s), nil },
	"substring": asciiOnly(func(s string, args argList) (value, error) {
		a, err := clampIndex(args.at(0), len(s), 0)
		if err != nil {
			return vUndef, err
		}
		b, err := clampIndex(args.at(1), len(s), len(s))
		return str(s[min(a, b):max(a, b)]), err
	}),
	"slice": asciiOnly(func(s string, args argList) (value, error) {
		a, err := relIndex(args.at(0), len(s), 0)
		if err != nil {
			return vUndef, err
		}
		b, err := relIndex(args.at(1), len(s), len(s))
		if a >= b {
			return str(""), err
		}
		return str(s[a:b]), err
	}),
	"charAt": asciiOnly(func(s string, args argList) (value, error) {
		i, err := toInteger(args.at(0))
		if i < 0 || i >= int64(len(s)) {
			return str(""), err
		}
		return str(s[i : i+1]), err
	}),
	"charCodeAt": asciiOnly(func(s string, args argList) (value, error) {
		i, err := toInteger(args.at(0))
		if i < 0 || i >= int64(len(s)) {
			return num(math.NaN()), err
		}
		return num(float64(s[i])), err
	}),
	"at": asciiOnly(func(s string, args argList) (value, error) {
		i, err := toInteger(args.at(0))
		if i < 0 {
			i += int64(len(s))
		}
		if i < 0 || i >= int64(len(s)) {
			return vUndef, err
		}
		return str(s[i : i+1]), err
	}),
	"indexOf": asciiOnly(func(s string, args argList) (value, error) {
		sub, err := argString(args, 0)
		if err != nil {
			return vUndef, err
		}
		from, err := clampIndex(args.at(1), len(s), 0)
		i := strings.Index(s[from:], sub)
		if i < 0 {
			return num(-1), err
		}
		return num(float64(i + from)), err
	}),
	"includes": asciiOnly(func(s string, args argList) (value, error) {
		sub, err := argString(args, 0)
		if err != nil {
			return vUndef, err
		}
		from, err := clampIndex(args.at(1), len(s), 0)
		return boolean(strings.Contains(s[from:], sub)), err
	}),
	"startsWith": asciiOnly(func(s string, args argList) (value, error) {
		sub, err := argString(args, 0)
		if err != nil {
			return vUndef, err
		}
		from, err := clampIndex(args.at(1), len(s), 0)
		return boolean(strings.HasPrefix(s[from:], sub)), err
	}),
	"endsWith": asciiOnly(func(s string, args argList) (value, error) {
		sub, err := argString(args, 0)
		if err != nil {
			return vUndef, err
		}
		end, err := clampIndex(args.at(1), len(s), len(s))
		return boolean(strings.HasSuffix(s[:end], sub)), err
	}),
	"split":      asciiOnly(split),
	"replace":    replace(1),
	"replaceAll": asciiOnly(replace(-1)),
	"padStart":   asciiOnly(pad(true)),
	"padEnd":     asciiOnly(pad(false)),
	"repeat": func(s string, args argList) (value, error) {
		x, err := toNum(args.at(0))
		if err != nil || x < 0 || math.IsInf(x, 1) {
			return vUndef, errFallback // goja throws the RangeError
		}
		n := int64(0)
		if !math.IsNaN(x) {
			n = int64(x)
		}
		if n > 0 && int64(len(s)) > maxBuilt/n {
			return vUndef, errFallback
		}
		return str(strings.Repeat(s, int(n))), nil
	},
	"concat": func(s string, args argList) (value, error) {
		var b strings.Builder
		b.WriteString(s)
		for _, a := range args.v[:args.n] {
			x, err := toStr(a)
			if err != nil {
				return vUndef, err
			}
			b.WriteString(x)
		}
		return str(b.String()), nil
	},
}

// jsSpace is the set of characters trim removes.
const jsSpace = parser.WhitespaceChars

func split(s string, args argList) (value, error) {
	limit := uint32(math.MaxUint32)
	if l := args.at(1); l.k != kUndef {
		x, err := toNum(l)
		if err != nil {
			return vUndef, err
		}
		limit = toUint32(x)
	}
	sep := args.at(0)
	var parts []string
	switch {
	case limit == 0:
	case sep.k == kUndef:
		parts = []string{s}
	default:
		sp, err := toStr(sep)
		if err != nil {
			return vUndef, err
		}
		if sp == "" && s == "" {
			break
		}
		parts = strings.Split(s, sp)
	}
	if uint32(len(parts)) > limit {
		parts = parts[:limit]
	}
	out := make([]any, len(parts))
	for i, p := range parts {
		out[i] = p
	}
	return value{k: kArr, r: out}, nil
}

// replace replaces the first (n=1) or every (n=-1) occurrence of a string
// pattern; replacement patterns with "$" are left to goja.
func replace(n int) strMethod {
	return func(s string, args argList) (value, error) {
		pat, err := argString(args, 0)
		if err != nil {
			return vUndef, err
		}
		rep, err := argString(args, 1)
		if err != nil || strings.Contains(rep, "$") {
			return vUndef, errFallback
		}
		if !utf8.ValidString(s) || !utf8.ValidString(pat) || !utf8.ValidString(rep) {
			return vUndef, errFallback
		}
		out := strings.Replace(s, pat, rep, n)
		if len(out) > maxBuilt {
			return vUndef, errFallback
		}
		return str(out), nil
	}
}

func pad(start bool) func(s string, args argList) (value, error) {
	return func(s string, args argList) (value, error) {
		n, err := toInteger(args.at(0))
		if err != nil {
			return vUndef, err
		}
		fill := " "
		if f := args.at(1); f.k != kUndef {
			if fill, err = toStr(f); err != nil {
				return vUndef, err
			}
		}
		if n <= int64(len(s)) || fill == "" {
			return str(s), nil
		}
		if n > maxBuilt {
			return vUndef, errFallback
		}
		need := int(n) - len(s)
		p := strings.Repeat(fill, need/len(fill)+1)[:need]
		if start {
			return str(p + s), nil
		}
		return str(s + p), nil
	}
}

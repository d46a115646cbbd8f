package wtf8

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// lead is the first byte of the three-byte encodings of U+D000..U+DFFF;
// a surrogate's second byte is A0..BF (high surrogates A0..AF, low B0..BF).
const lead = 0xED

// IsASCII reports whether s has only ASCII bytes (and so no surrogate),
// reading eight bytes at a time.
func IsASCII(s string) bool {
	var or uint64 // one branch in all: callers read the whole string anyway
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := s[i : i+8]
		or |= uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
			uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
	}
	for ; i < len(s); i++ {
		or |= uint64(s[i])
	}
	return or&0x8080808080808080 == 0
}

// Has reports whether s holds a WTF-8 surrogate.
func Has(s string) bool {
	for {
		i := strings.IndexByte(s, lead)
		if i < 0 || i+2 >= len(s) {
			return false
		}
		if s[i+1] >= 0xA0 && s[i+1] <= 0xBF && s[i+2]&0xC0 == 0x80 {
			return true
		}
		s = s[i+1:]
	}
}

// Valid reports whether s is valid UTF-8 apart from WTF-8 surrogates,
// that is, whether it is the WTF-8 form of a JavaScript string.
func Valid(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			if _, ok := Surrogate(s[i:]); !ok {
				return false
			}
			size = 3
		}
		i += size
	}
	return true
}

// Surrogate returns the code unit of the WTF-8 surrogate at the start of
// s, if there is one.
func Surrogate(s string) (uint16, bool) {
	if len(s) < 3 || s[0] != lead || s[1] < 0xA0 || s[1] > 0xBF || s[2]&0xC0 != 0x80 {
		return 0, false
	}
	return 0xD000 | uint16(s[1]&0x3F)<<6 | uint16(s[2]&0x3F), true
}

// AppendSurrogate appends the WTF-8 encoding of the code unit c, which
// must be in U+D800..U+DFFF.
func AppendSurrogate(b []byte, c uint16) []byte {
	return append(b, lead, 0x80|byte(c>>6&0x3F), 0x80|byte(c&0x3F))
}

// ToUTF16 returns the code units of s.
func ToUTF16(s string) []uint16 {
	u := make([]uint16, 0, len(s))
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			u = append(u, uint16(c))
			i++
			continue
		}
		if c, ok := Surrogate(s[i:]); ok {
			u = append(u, c)
			i += 3
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		u = utf16.AppendRune(u, r)
		i += size
	}
	return u
}

// FromUTF16 returns the string of the code units u: pairs become their
// character, lone surrogates WTF-8.
func FromUTF16(u []uint16) string {
	b := make([]byte, 0, len(u))
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case c < utf8.RuneSelf:
			b = append(b, byte(c))
		case utf16.IsSurrogate(rune(c)):
			if c < 0xDC00 && i+1 < len(u) && u[i+1] >= 0xDC00 && u[i+1] < 0xE000 {
				b = utf8.AppendRune(b, utf16.DecodeRune(rune(c), rune(u[i+1])))
				i++
				continue
			}
			b = AppendSurrogate(b, c)
		default:
			b = utf8.AppendRune(b, rune(c))
		}
	}
	return string(b)
}

// Concat returns a+b as JavaScript joins them: a lone high surrogate at
// the end of a and a lone low one at the start of b become one character.
func Concat(a, b string) string {
	if len(a) < 3 || len(b) < 3 || a[len(a)-3] != lead || b[0] != lead {
		return a + b
	}
	hi, ok1 := Surrogate(a[len(a)-3:])
	lo, ok2 := Surrogate(b)
	if !ok1 || !ok2 || hi >= 0xDC00 || lo < 0xDC00 {
		return a + b
	}
	out := make([]byte, 0, len(a)+len(b)-2)
	out = append(out, a[:len(a)-3]...)
	out = utf8.AppendRune(out, utf16.DecodeRune(rune(hi), rune(lo)))
	return string(append(out, b[3:]...))
}

// Normalize joins every WTF-8 high surrogate followed by a low one in s
// into their character, so that a string built by concatenating parts
// (join, repeat) holds what JavaScript's would.
func Normalize(s string) string {
	if !Has(s) {
		return s
	}
	return FromUTF16(ToUTF16(s))
}

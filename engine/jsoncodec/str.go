package jsoncodec

import (
	"math/bits"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/weftworks/weft/engine/wtf8"
)

// strSpecial marks the bytes str looks at: the quote, the backslash,
// control characters and the bytes of non-ASCII characters.
var strSpecial = func() (t [256]bool) {
	for c := range t {
		t[c] = c == '"' || c == '\\' || c < 0x20 || c >= utf8.RuneSelf
	}
	return t
}()

// str reads a string at pos (a quote). Strings without escapes share s.
func (d *decoder) str() (string, bool) {
	start := d.pos + 1
	for i := start; ; {
		i = skipPlain(d.s, i)
		if i >= len(d.s) {
			return "", false
		}
		switch c := d.s[i]; {
		case c == '"':
			d.pos = i + 1
			return d.s[start:i], true
		case c == '\\':
			return d.escaped(start, i)
		case c < 0x20:
			return "", false
		default: // c >= utf8.RuneSelf
			r, size := utf8.DecodeRuneInString(d.s[i:])
			if r == utf8.RuneError && size == 1 {
				return "", false
			}
			i += size
		}
	}
}

// Eight bytes at a time: ones has a 1 in every byte, highs the top bit of
// every byte.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// skipPlain returns the position of the first byte from i on that is
// special (strSpecial), or len(s). It tests eight bytes at a time.
func skipPlain(s string, i int) int {
	for ; i+8 <= len(s); i += 8 {
		if m := specialBytes(load8(s, i)); m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
	}
	for i < len(s) && !strSpecial[s[i]] {
		i++
	}
	return i
}

// load8 reads s[i:i+8] as a little-endian word (one load on the machines
// that are little-endian).
func load8(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// specialBytes sets the top bit of each byte of x that is special (a
// quote, a backslash, below 0x20 or from 0x80). The borrows of the
// subtractions may also mark bytes above one that truly is special, never
// below it: the lowest marked byte is the first special one.
func specialBytes(x uint64) uint64 {
	q := x ^ (ones * '"')
	b := x ^ (ones * '\\')
	return ((q-ones)&^q | (b-ones)&^b | (x-ones*0x20)&^x | x) & highs
}

// escaped reads the rest of a string with escapes; s[start:i] is plain.
func (d *decoder) escaped(start, i int) (string, bool) {
	b := []byte(d.s[start:i])
	for i < len(d.s) {
		c := d.s[i]
		switch {
		case c == '"':
			d.pos = i + 1
			return string(b), true
		case c < 0x20:
			return "", false
		case c == '\\':
			if i+1 >= len(d.s) {
				return "", false
			}
			n, ok := d.escape(&b, i+1)
			if !ok {
				return "", false
			}
			i = n
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(d.s[i:])
			if r == utf8.RuneError && size == 1 {
				return "", false
			}
			b = append(b, d.s[i:i+size]...)
			i += size
		default:
			b = append(b, c)
			i++
		}
	}
	return "", false
}

// escape decodes the escape whose letter is at s[i] into b and returns
// the position after it.
func (d *decoder) escape(b *[]byte, i int) (int, bool) {
	switch c := d.s[i]; c {
	case '"', '\\', '/':
		*b = append(*b, c)
	case 'b':
		*b = append(*b, '\b')
	case 'f':
		*b = append(*b, '\f')
	case 'n':
		*b = append(*b, '\n')
	case 'r':
		*b = append(*b, '\r')
	case 't':
		*b = append(*b, '\t')
	case 'u':
		if i+5 > len(d.s) {
			return 0, false
		}
		r, ok := d.hex4(i + 1)
		if !ok {
			return 0, false
		}
		if !utf16.IsSurrogate(r) {
			*b = utf8.AppendRune(*b, r)
			return i + 5, true
		}
		return d.surrogate(b, r, i+5), true
	default:
		return 0, false
	}
	return i + 1, true
}

// hex4 reads the four hex digits of a \u escape at s[i:].
func (d *decoder) hex4(i int) (rune, bool) {
	if i+4 > len(d.s) {
		return 0, false
	}
	r, err := strconv.ParseUint(d.s[i:i+4], 16, 32)
	return rune(r), err == nil
}

// surrogate appends the surrogate r of a \u escape that ends at s[i]: with
// the low surrogate escaped right after a high one, their character;
// alone, its WTF-8 encoding (JavaScript keeps lone surrogates). It returns
// the position after what it read.
func (d *decoder) surrogate(b *[]byte, r rune, i int) int {
	if r < 0xDC00 && i+6 <= len(d.s) && d.s[i] == '\\' && d.s[i+1] == 'u' {
		if lo, ok := d.hex4(i + 2); ok && lo >= 0xDC00 && lo <= 0xDFFF {
			*b = utf8.AppendRune(*b, utf16.DecodeRune(r, lo))
			return i + 6
		}
	}
	*b = wtf8.AppendSurrogate(*b, uint16(r))
	return i
}

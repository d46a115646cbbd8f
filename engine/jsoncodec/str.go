package jsoncodec

import "unicode/utf8"

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
	for i := start; i < len(d.s); i++ {
		c := d.s[i]
		if !strSpecial[c] {
			continue
		}
		switch {
		case c == '"':
			d.pos = i + 1
			return d.s[start:i], true
		case c == '\\':
			return d.escaped(start, i)
		case c < 0x20:
			return "", false
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(d.s[i:])
			if r == utf8.RuneError && size == 1 {
				return "", false
			}
			i += size - 1
		}
	}
	return "", false
}

package expr

import (
	"strings"
	"unicode/utf8"
)

const (
	// uriUnreserved are the characters encodeURIComponent keeps.
	uriUnreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()"
	// uriReserved are the characters encodeURI also keeps (and decodeURI
	// leaves escaped).
	uriReserved = ";/?:@&=+$,#"
	upperHex    = "0123456789ABCDEF"
)

// uriFuncs are encodeURI, encodeURIComponent, decodeURI and
// decodeURIComponent; a URIError (malformed input) is left to goja.
var uriFuncs = map[string]func(args argList) (value, error){
	"encodeURIComponent": uriEncoder(uriUnreserved),
	"encodeURI":          uriEncoder(uriUnreserved + uriReserved),
	"decodeURIComponent": uriDecoder(""),
	"decodeURI":          uriDecoder(uriReserved),
}

func uriEncoder(keep string) func(args argList) (value, error) {
	return func(args argList) (value, error) {
		s, err := toStr(args.at(0))
		if err != nil {
			return vUndef, err
		}
		if !utf8.ValidString(s) {
			return vUndef, errFallback
		}
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			if c := s[i]; c < utf8.RuneSelf && strings.IndexByte(keep, c) >= 0 {
				b.WriteByte(c)
			} else {
				b.WriteByte('%')
				b.WriteByte(upperHex[c>>4])
				b.WriteByte(upperHex[c&0xF])
			}
		}
		return str(b.String()), nil
	}
}

// uriDecoder decodes %XX escapes (UTF-8 sequences); escapes of the
// characters in keep stay as written.
func uriDecoder(keep string) func(args argList) (value, error) {
	return func(args argList) (value, error) {
		s, err := toStr(args.at(0))
		if err != nil {
			return vUndef, err
		}
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			if s[i] != '%' {
				b.WriteByte(s[i])
				continue
			}
			c, ok := hexByte(s, i+1)
			if !ok {
				return vUndef, errFallback
			}
			if c < utf8.RuneSelf {
				if strings.IndexByte(keep, c) >= 0 {
					b.WriteString(s[i : i+3])
				} else {
					b.WriteByte(c)
				}
				i += 2
				continue
			}
			r, n := decodeEscapedRune(s, i)
			if n == 0 {
				return vUndef, errFallback
			}
			b.WriteRune(r)
			i += n - 1
		}
		return str(b.String()), nil
	}
}

// decodeEscapedRune decodes the UTF-8 sequence of %XX escapes at s[i:];
// n is the length of its text, 0 when it is malformed.
func decodeEscapedRune(s string, i int) (rune, int) {
	var buf [utf8.UTFMax]byte
	lead, _ := hexByte(s, i+1)
	size := 0
	switch {
	case lead&0xE0 == 0xC0:
		size = 2
	case lead&0xF0 == 0xE0:
		size = 3
	case lead&0xF8 == 0xF0:
		size = 4
	default:
		return 0, 0
	}
	for k := range size {
		at := i + 3*k
		c, ok := hexByte(s, at+1)
		if !ok || s[at] != '%' || k > 0 && c&0xC0 != 0x80 {
			return 0, 0
		}
		buf[k] = c
	}
	r, n := utf8.DecodeRune(buf[:size])
	if r == utf8.RuneError || n != size {
		return 0, 0
	}
	return r, 3 * size
}

// hexByte reads the two hex digits at s[i:].
func hexByte(s string, i int) (byte, bool) {
	if i+2 > len(s) {
		return 0, false
	}
	var v byte
	for _, c := range []byte(s[i : i+2]) {
		switch {
		case c >= '0' && c <= '9':
			v = v<<4 | (c - '0')
		case c >= 'a' && c <= 'f':
			v = v<<4 | (c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			v = v<<4 | (c - 'A' + 10)
		default:
			return 0, false
		}
	}
	return v, true
}

package jsoncodec

import (
	"strings"
	"testing"
)

// slowSkipPlain is skipPlain one byte at a time.
func slowSkipPlain(s string, i int) int {
	for i < len(s) && !strSpecial[s[i]] {
		i++
	}
	return i
}

// TestSkipPlainFindsEverySpecialByte puts every byte value at every
// position of strings up to 24 bytes long (after plain bytes of every
// kind, so that the word tests see borrows) and compares skipPlain with a
// byte-by-byte scan from every start.
func TestSkipPlainFindsEverySpecialByte(t *testing.T) {
	for _, fill := range []byte{'a', ' ', '!', '#', '[', ']', '~', 0x7f, '!' + 1} {
		for n := 1; n <= 24; n++ {
			for pos := range n {
				for c := range 256 {
					b := []byte(strings.Repeat(string(fill), n))
					b[pos] = byte(c)
					s := string(b)
					for start := range min(n, 9) {
						if got, want := skipPlain(s, start), slowSkipPlain(s, start); got != want {
							t.Fatalf("skipPlain(%q, %d) = %d, want %d", s, start, got, want)
						}
					}
				}
			}
		}
	}
}

// TestSkipPlainTwoSpecialBytes checks a special byte right after another
// (the borrow of the first must not hide or invent the second).
func TestSkipPlainTwoSpecialBytes(t *testing.T) {
	specials := []byte{0, 0x1f, '"', '\\', 0x80, 0xff}
	for _, a := range specials {
		for _, b := range specials {
			for pos := range 15 {
				s := []byte("abcdefghijklmnop")
				s[pos], s[pos+1] = a, b
				for start := range pos + 2 {
					if got, want := skipPlain(string(s), start), slowSkipPlain(string(s), start); got != want {
						t.Fatalf("skipPlain(%q, %d) = %d, want %d", s, start, got, want)
					}
				}
			}
		}
	}
}

package expr

import (
	"strings"
	"testing"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/wtf8"
)

// TestASCIICase compares asciiCase with the strings package on every ASCII
// byte, alone, around letters that change, and at every position of
// strings long enough for the eight-bytes-at-a-time loops and their tails,
// making the new strings allocated and in a slab.
func TestASCIICase(t *testing.T) {
	const base = "aZ@[`{mN0~ zA_q^Y\x7f"
	var slab jsoncodec.Boxes
	var made [][3]string
	for c := range 128 {
		ch := string(rune(c))
		cases := []string{ch, "a" + ch + "Z", "@[`{" + ch}
		for i := range len(base) + 1 {
			cases = append(cases, base[:i]+ch+base[i:], strings.Repeat("@", i)+ch+strings.Repeat("`", len(base)-i))
		}
		for _, s := range cases {
			for _, boxes := range []*jsoncodec.Boxes{nil, &slab} {
				lower, upper := asciiCase(s, 'A', boxes), asciiCase(s, 'a', boxes)
				if want := strings.ToLower(s); lower != want {
					t.Fatalf("lower %q = %q, want %q", s, lower, want)
				}
				if want := strings.ToUpper(s); upper != want {
					t.Fatalf("upper %q = %q, want %q", s, upper, want)
				}
				made = append(made, [3]string{s, lower, upper})
			}
		}
	}
	for _, m := range made { // the strings made in the slab stay intact
		if m[1] != strings.ToLower(m[0]) || m[2] != strings.ToUpper(m[0]) {
			t.Fatalf("%q became %q and %q", m[0], m[1], m[2])
		}
	}
	for _, s := range []string{"already lower", "already lower and longer than sixteen"} {
		if asciiCase(s, 'A', nil) != s {
			t.Fatal("an unchanged string is returned as it is")
		}
	}
}

// TestIsASCII checks isASCII with one non-ASCII byte at every position of
// strings of every length up to 20.
func TestIsASCII(t *testing.T) {
	for n := range 21 {
		s := strings.Repeat("\x7f", n)
		if !wtf8.IsASCII(s) {
			t.Fatalf("wtf8.IsASCII(%q) = false", s)
		}
		for i := range n {
			b := []byte(s)
			b[i] = 0x80
			if wtf8.IsASCII(string(b)) {
				t.Fatalf("wtf8.IsASCII(%q) = true", b)
			}
			if wtf8.IsASCII(s[:i] + "é" + s[i:]) {
				t.Fatalf("isASCII with é at %d", i)
			}
		}
	}
}

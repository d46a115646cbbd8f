package wtf8_test

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/wtf8"
)

const (
	hi = "\xed\xa0\xbd" // U+D83D
	lo = "\xed\xb8\x80" // U+DE00
)

func TestHas(t *testing.T) {
	for s, want := range map[string]bool{
		"": false, "plain": false, "é日本😀": false, "\xed\x9f\xbf": false, "\xed\xa0": false,
		hi: true, "a" + lo + "b": true, "\xed\x9f\xbf" + hi: true, "\xff" + lo: true,
	} {
		assert.Equal(t, want, wtf8.Has(s), "%q", s)
	}
}

func TestUTF16RoundTrip(t *testing.T) {
	for s, units := range map[string][]uint16{
		"":             {},
		"a😀":           {'a', 0xD83D, 0xDE00},
		hi:             {0xD83D},
		lo + hi + "x":  {0xDE00, 0xD83D, 'x'},
		"é\u2028":      {0xE9, 0x2028},
		"\xed\x9f\xbf": {0xD7FF},
	} {
		assert.Equal(t, units, wtf8.ToUTF16(s), "%q", s)
		assert.Equal(t, s, wtf8.FromUTF16(units), "%q", s)
	}
	assert.Equal(t, []uint16{0xFFFD, 'a'}, wtf8.ToUTF16("\xffa"), "invalid bytes read as U+FFFD")
	assert.Equal(t, "😀", wtf8.FromUTF16([]uint16{0xD83D, 0xDE00}), "a pair is its character")
}

func TestConcatJoinsAPair(t *testing.T) {
	assert.Equal(t, "x😀y", wtf8.Concat("x"+hi, lo+"y"))
	assert.Equal(t, lo+hi, wtf8.Concat(lo, hi), "low then high stays two units")
	assert.Equal(t, hi+hi, wtf8.Concat(hi, hi))
	assert.Equal(t, "ab", wtf8.Concat("a", "b"))
	assert.Equal(t, "😀😀", wtf8.Normalize(hi+lo+hi+lo))
	assert.Equal(t, "plain", wtf8.Normalize("plain"))
}

// FuzzUTF16 checks the conversions against unicode/utf16 on arbitrary
// code units.
func FuzzUTF16(f *testing.F) {
	f.Add([]byte{0x3d, 0xd8, 0x00, 0xde, 0x41, 0x00})
	f.Add([]byte{0x00, 0xdc, 0x3d, 0xd8})
	f.Fuzz(func(t *testing.T, data []byte) {
		units := make([]uint16, len(data)/2)
		for i := range units {
			units[i] = uint16(data[2*i]) | uint16(data[2*i+1])<<8
		}
		s := wtf8.FromUTF16(units)
		require.Equal(t, units, wtf8.ToUTF16(s))
		require.Equal(t, string(utf16.Decode(units)) == s, !wtf8.Has(s))
		if n := len(units) / 2; n > 0 {
			require.Equal(t, s, wtf8.Concat(wtf8.FromUTF16(units[:n]), wtf8.FromUTF16(units[n:])))
		}
	})
}

func TestValid(t *testing.T) {
	for s, want := range map[string]bool{
		"":                         true,
		"abc😀":                     true,
		"a\xed\xa0\xbdb":           true, // a lone high surrogate
		"\xed\xb0\x80\xed\xa0\xbd": true,
		"a\xffb":                   false,
		"\xed\xa0":                 false, // cut short
		"\xc3":                     false,
	} {
		if got := wtf8.Valid(s); got != want {
			t.Errorf("Valid(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestIsASCII puts one byte past 0x7F at every position of strings of
// every length to 20 (the eight-byte loop and its tail).
func TestIsASCII(t *testing.T) {
	for n := 0; n <= 20; n++ {
		s := []byte(strings.Repeat("a~\x7f", 7)[:n])
		assert.True(t, wtf8.IsASCII(string(s)), "%q", s)
		for i := range n {
			b := slices.Clone(s)
			b[i] = 0x80
			assert.False(t, wtf8.IsASCII(string(b)), "%q", b)
		}
	}
	assert.False(t, wtf8.IsASCII("é"))
	assert.False(t, wtf8.IsASCII("\xed\xa0\xbd"), "a lone surrogate")
}

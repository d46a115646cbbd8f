package expr

import (
	"strings"
	"testing"
)

// TestASCIICase compares asciiCase with the strings package on every ASCII
// byte, alone and around letters that change.
func TestASCIICase(t *testing.T) {
	for c := range 128 {
		for _, s := range []string{string(rune(c)), "a" + string(rune(c)) + "Z", "@[`{" + string(rune(c))} {
			if got, want := asciiCase(s, 'A', 'a'), strings.ToLower(s); got != want {
				t.Fatalf("lower %q = %q, want %q", s, got, want)
			}
			if got, want := asciiCase(s, 'a', 'A'), strings.ToUpper(s); got != want {
				t.Fatalf("upper %q = %q, want %q", s, got, want)
			}
		}
	}
	if s := "already lower"; asciiCase(s, 'A', 'a') != s {
		t.Fatal("an unchanged string is returned as it is")
	}
}

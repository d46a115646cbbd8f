package lib_test

import (
	"math"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/mapping/lib"
)

// TestParseFloatShortDecimals checks the short decimals weft parses
// without strconv against strconv, bit for bit, and the forms next to
// them that take the general path.
func TestParseFloatShortDecimals(t *testing.T) {
	for _, s := range []string{"0", "7", "19.99", "146.50", ".5", "5.", "007", "0.1", "0.3", "123456789012345",
		"1234567.89012345", "999999999999999", ".000000000000001", "9007199254740993", "1234567890123456",
		"0.1234567890123456", "1.5e3", "-2.5", "+1", " 12 ", "1.2.3", ".", "", "12px", "1/2", "1:2", ".."} {
		want := math.NaN()
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			want = f
		}
		switch s {
		case "5.", "1.2.3", "12px", " 12 ", "1/2", "1:2":
			want = map[string]float64{"5.": 5, "1.2.3": 1.2, "12px": 12, " 12 ": 12, "1/2": 1, "1:2": 1}[s]
		}
		got := lib.ParseFloat(s)
		require.True(t, math.IsNaN(want) && math.IsNaN(got) || math.Float64bits(want) == math.Float64bits(got),
			"parseFloat(%q) = %v, want %v", s, got, want)
	}
}

func BenchmarkParseFloat(b *testing.B) {
	for _, s := range []string{"146.50", " 1.5e3 "} {
		b.Run(s, func(b *testing.B) {
			for b.Loop() {
				_ = lib.ParseFloat(s)
			}
		})
	}
}

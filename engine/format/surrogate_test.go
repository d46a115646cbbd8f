package format_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/weftworks/weft/engine/format"
)

// TestJSONReadersKeepLoneSurrogates checks that the JSON readers keep a
// lone surrogate escape as WTF-8 (package wtf8), as JavaScript keeps it,
// and still read numbers beyond float64 as the error they were.
func TestJSONReadersKeepLoneSurrogates(t *testing.T) {
	want := []any{obj("s", "\xed\xa0\xbd", "pair", "😀"), obj("t", []any{"x\xed\xb8\x80"})}
	for f, in := range map[format.Format]string{
		format.FormatNDJSON: `{"s":"\ud83d","pair":"\ud83d\ude00"}` + "\n" + `{"t":["x\ude00"]}` + "\n",
		format.FormatJSON:   `[{"s":"\ud83d","pair":"\ud83d\ude00"}, {"t":["x\ude00"]}]`,
	} {
		recs, errs := readAll(t, f, in)
		assert.Empty(t, errs, f)
		assert.Equal(t, want, recs, f)
	}
	_, errs := readAll(t, format.FormatJSON, `[{"n":1e400}]`)
	assert.Equal(t, []string{"record 1 (line 1): cannot unmarshal number 1e400 into Go value of type float64"}, errs)
}

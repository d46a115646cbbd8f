package script_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/script"
	"github.com/weftworks/weft/engine/wtf8"
)

// TestLocaleCompareMatchesV8 compares every pair of testdata/collate's
// strings (letters, accents, ligatures, Han, kana, digits of several
// scripts, U+FFFD, lone surrogates) with LocaleCompare and with
// String.prototype.localeCompare in goja, against V8's signs.
func TestLocaleCompareMatchesV8(t *testing.T) {
	b, err := os.ReadFile("testdata/collate/cases.json")
	require.NoError(t, err)
	var cases struct {
		Units [][]uint16 `json:"units"`
		Signs []string   `json:"signs"`
	}
	require.NoError(t, json.Unmarshal(b, &cases))
	require.Len(t, cases.Signs, len(cases.Units))
	strs := make([]any, len(cases.Units))
	for i, u := range cases.Units {
		strs[i] = wtf8.FromUTF16(u)
	}
	got, err := call(t, `return msg.map(a => msg.map(b => "-0+"[a.localeCompare(b) + 1]).join(""))`, strs)
	require.NoError(t, err)
	for i, a := range cases.Units {
		for j, b := range cases.Units {
			want := cases.Signs[i][j]
			assert.Equal(t, string(want), string("-0+"[script.LocaleCompare(a, b)+1]), "%q vs %q", strs[i], strs[j])
			assert.Equal(t, string(want), string(got.([]any)[i].(string)[j]), "goja: %q vs %q", strs[i], strs[j])
		}
	}
}

// TestLocaleCompareKeepsJavaScriptsConversions: null and undefined
// receivers still throw, a symbol cannot become a string, and other values
// compare as their strings.
func TestLocaleCompareKeepsJavaScriptsConversions(t *testing.T) {
	for _, src := range []string{
		`return String.prototype.localeCompare.call(null, "a")`,
		`return String.prototype.localeCompare.call(undefined, "a")`,
		`return "a".localeCompare(Symbol())`,
	} {
		_, err := call(t, src, nil)
		assert.ErrorContains(t, err, "TypeError", src)
	}
	got, err := call(t, `return [String.prototype.localeCompare.call(5, "5"), "undefined".localeCompare(), "a".localeCompare.length,
		"b".localeCompare({toString() { return "a" }})]`, nil)
	require.NoError(t, err)
	assert.Equal(t, []any{0.0, 0.0, 1.0, 1.0}, got)
}

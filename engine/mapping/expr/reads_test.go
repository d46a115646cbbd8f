package expr_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/mapping/expr"
)

// readsOf renders the Reads of src as sorted strings: "a.b", "items[*]",
// "[0]" for an index, "$" for the whole record (or its key "$").
func readsOf(t *testing.T, src string) []string {
	p, err := expr.Compile(src, testOpts)
	require.NoError(t, err)
	reads, ok := expr.Reads(p)
	require.True(t, ok, "%s runs natively", src)
	set := map[string]bool{}
	for _, r := range reads {
		var b strings.Builder
		for _, st := range r {
			switch {
			case st.Each:
				b.WriteString("[*]")
			case st.Index:
				b.WriteString("[" + st.Key + "]")
			default:
				if b.Len() > 0 {
					b.WriteByte('.')
				}
				b.WriteString(st.Key)
			}
		}
		if b.Len() == 0 {
			b.WriteString("$")
		}
		set[b.String()] = true
	}
	return slices.Sorted(maps.Keys(set))
}

func TestReads(t *testing.T) {
	for src, want := range map[string][]string{
		`customer.first + " " + customer.last`: {"customer.first", "customer.last"},
		`Math.round(items.reduce((s, i) => s + i.qty * parseFloat(i.price), 0) * 100) / 100`: {
			"Math", "items.reduce", "items[*].price", "items[*].qty", "parseFloat"},
		`items.length`:                      {"items.length"},
		`items.find(i => i.qty > 1)`:        {"items.find", "items[*]", "items[*].qty"},
		`items.reduce((a, b) => a + b.qty)`: {"items.reduce", "items[*]", "items[*].qty"},
		`items.map((x, i, all) => x.qty)`:   {"items", "items.map", "items[*].qty"},
		`$[customer.first]`:                 {"$", "customer.first"},
		`$.id`:                              {"$", "id"},
		`items[0].sku`:                      {"items[0].sku"},
		`items.slice(1)`:                    {"items"},
		`customer?.nope?.(1)`:               {"customer"},
		`customer.first.at?.(0)`:            {"customer.first"},
	} {
		slices.Sort(want)
		assert.Equal(t, want, readsOf(t, src), src)
	}
}

func TestReadsOfGojaProgramIsEverything(t *testing.T) {
	p, err := expr.Compile(`Date.now() + $.n`, testOpts)
	require.NoError(t, err)
	_, ok := expr.Reads(p)
	assert.False(t, ok)
}

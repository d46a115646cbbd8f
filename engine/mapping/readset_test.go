package mapping_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/mapping"
)

// readSetRecords are NDJSON records with values the mappings under test
// read and many they do not: nested objects and arrays, escapes, odd
// numbers, and keys that shadow globals.
var readSetRecords = []string{
	order,
	`{"id":"ORD-000001","customer":{"first":"Ada","last":"Lovelace","email":"ADA@EXAMPLE.COM","extra":{"deep":[1,{"x":"\u00e9\n"}]}},` +
		`"items":[{"sku":"A1","qty":2,"price":"19.99","meta":{"a":[[],{}]}},{"sku":"B2","qty":1,"price":"5.01"},{"sku":"A3","qty":3,"price":"0.10","n":-1.5e-7}],` +
		`"placed_at":"2026-03-01T10:22:33Z","country":"de","tags":["vip","new"],"nested":{"a":{"b":{"c":-0.0}}},"skip":{"big":123456789012345678901234567890,"t":true,"f":false,"z":null}}`,
	`{"id":42,"customer":{"first":"Émile","last":"Zola","email":"e@x.fr","middle":"","address":{"city":"Paris"}},"items":[{"sku":"Z9","qty":0.5,"price":"1e3"}],` +
		`"placed_at":"2025-12-31T23:59:59+01:00","country":"fr","tags":[],"nested":{"a":null,"x":{"y":null}},"qtyTotal":1.5,"length":3}`,
	`{}`,
	`{"id":null,"customer":null,"items":[],"placed_at":17,"country":null,"tags":[null,true,1,[2]],"nested":"str"}`,
	`{"Math":{"round":1},"undefined":5,"parseFloat":"p","$":"dollar","id":"shadow","sum":3,"customer":{"first":"A","last":"B","email":"Q"},` +
		`"items":[{"sku":"S","qty":1,"price":"2"}],"placed_at":"2026-01-01","country":"x","String":"s","JSON":{},"Object":1}`,
	`{"items":{"0":{"qty":1,"price":"2"},"length":1,"reduce":1,"map":2},"customer":{"0":"zero","toString":"t","constructor":1},"tags":{"1":"one"}}`,
	`{"items":[[{"qty":1}],{"qty":"x","price":{}}],"customer":[1,2],"tags":"abc","nested":[{"a":{"b":1}}]}`,
	`[1,2,{"a":1}]`,
	`"just a string"`,
	`17`,
}

// readSetFields are path fields mixed into the corpus mappings.
var readSetFields = []string{
	`{"target":"p1","path":"items[*].sku"}`,
	`{"target":"p2","path":"customer"}`,
	`{"target":"p3","path":"items[0]"}`,
	`{"target":"p4","path":"nested.a.b"}`,
}

func loadExprCorpus(t *testing.T) []string {
	f, err := os.Open("../../testdata/mapping/expr-corpus.txt")
	require.NoError(t, err)
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	require.NoError(t, sc.Err())
	return out
}

// compileFields compiles a mapping of the given field objects.
func compileFields(t testing.TB, fields ...string) (*mapping.Compiled, bool) {
	m, err := mapping.Decode([]byte(`{"formatVersion":1,"fields":[` + strings.Join(fields, ",") + `]}`))
	if err != nil {
		return nil, false
	}
	c, err := mapping.Compile(m)
	return c, err == nil
}

func exprField(target, src string) string {
	b, _ := json.Marshal(map[string]string{"target": target, "expr": src})
	return string(b)
}

// requireSameWithReadSet maps text decoded in full and decoded by c's
// Decoder (which leaves out what c never reads); both must give the same
// output and errors, or both refuse the text.
func requireSameWithReadSet(t *testing.T, c *mapping.Compiled, text string) {
	t.Helper()
	ctx := context.Background()
	full, fullErr := jsoncodec.DecodeJSON(text)
	dec := c.NewDecoder()
	part, partErr := dec.Decode(text)
	require.Equal(t, fullErr, partErr, "%q", text)
	if fullErr != nil {
		return
	}
	wantOut, wantErrs := applyPlain(c, ctx, full)
	gotOut, gotErrs := applyPlain(c, ctx, part)
	require.Equal(t, wantErrs, gotErrs, "%q", text)
	require.Equal(t, wantOut, gotOut, "%q", text)
	want, wantFieldErrs, wantErr := c.AppendRecord(ctx, nil, full)
	got, gotFieldErrs, gotErr := c.AppendRecord(ctx, nil, part)
	require.Equal(t, wantFieldErrs, gotFieldErrs)
	require.Equal(t, wantErr, gotErr)
	require.Equal(t, string(want), string(got), "%q", text)
	dec.Release()
}

// TestReadSetKeepsOutputs runs every corpus expression, alone and with
// path fields, over records decoded in full and decoded with the
// mapping's read set.
func TestReadSetKeepsOutputs(t *testing.T) {
	for _, src := range loadExprCorpus(t) {
		for _, fields := range [][]string{{exprField("x", src)}, append([]string{exprField("x", src)}, readSetFields...)} {
			c, ok := compileFields(t, fields...)
			if !ok {
				continue
			}
			for _, rec := range readSetRecords {
				t.Run(src, func(t *testing.T) { requireSameWithReadSet(t, c, rec) })
			}
		}
	}
}

func TestReadSetSkipsUnreadValues(t *testing.T) {
	data, err := os.ReadFile(declarativeFile)
	require.NoError(t, err)
	m, err := mapping.Decode(data)
	require.NoError(t, err)
	c, err := mapping.Compile(m)
	require.NoError(t, err)
	rec, err := c.NewDecoder().Decode(readSetRecords[1])
	require.NoError(t, err)
	obj := jsoncodec.Plain(rec).(map[string]any)
	assert.NotContains(t, obj, "tags")
	assert.NotContains(t, obj, "skip")
	assert.Equal(t, map[string]any{"first": "Ada", "last": "Lovelace", "email": "ADA@EXAMPLE.COM"}, obj["customer"])
	assert.Equal(t, map[string]any{"qty": 2.0, "price": "19.99"}, obj["items"].([]any)[0])

	// a mapping that reads the whole record decodes all of it
	c, ok := compileFields(t, exprField("x", "JSON.stringify($)"))
	require.True(t, ok)
	rec, err = c.NewDecoder().Decode(readSetRecords[1])
	require.NoError(t, err)
	full, err := jsoncodec.DecodeJSON(readSetRecords[1])
	require.NoError(t, err)
	assert.Equal(t, full, rec)
}

// FuzzReadSet checks the read set on arbitrary expressions and records.
func FuzzReadSet(f *testing.F) {
	for i, src := range []string{"customer.first + items.length", "items.map(i => i.sku)", "items.find(i => i.qty > 1)",
		"items.reduce((a, b) => a.qty > b.qty ? a : b)", "$[customer.first]", "Object.keys(customer)", "items[0]",
		"tags.filter(t => t).length", "`${customer.first}`", "({a: customer.first, b: [items[1]]})"} {
		f.Add(src, readSetRecords[i%len(readSetRecords)])
	}
	f.Fuzz(func(t *testing.T, src, text string) {
		c, ok := compileFields(t, exprField("x", src))
		if !ok {
			return
		}
		requireSameWithReadSet(t, c, text)
	})
}

// TestReadSetKeepsOutputsOnV8Corpora is TestReadSetKeepsOutputs over the
// V8 corpora (testdata/mapping/v8 and v8-builtins) and their records.
func TestReadSetKeepsOutputsOnV8Corpora(t *testing.T) {
	for _, dir := range []string{"../../testdata/mapping/v8/", "../../testdata/mapping/v8-builtins/"} {
		records := corpusLines(t, dir+"records.ndjson")
		for _, src := range corpusLines(t, dir+"expressions.txt") {
			c, ok := compileFields(t, exprField("x", src))
			if !ok {
				continue
			}
			t.Run(src, func(t *testing.T) {
				for _, rec := range records {
					requireSameWithReadSet(t, c, rec)
				}
			})
		}
	}
}

// corpusLines reads the lines of a corpus file that are neither blank nor
// # comments.
func corpusLines(t *testing.T, path string) []string {
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}

package mapping_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/mapping"
)

// requireSameRecord checks that AppendRecord writes what AppendJSON writes
// for Apply's output, and reports the same field errors.
func requireSameRecord(t *testing.T, c *mapping.Compiled, rec any) {
	t.Helper()
	ctx := context.Background()
	out, wantErrs := c.Apply(ctx, rec)
	want := "prefix"
	if len(wantErrs) == 0 && out != nil {
		b, err := jsoncodec.AppendJSON([]byte(want), out)
		require.NoError(t, err)
		want = string(b) + "\n"
	}
	got, errs, err := c.AppendRecord(ctx, []byte("prefix"), rec)
	require.NoError(t, err)
	assert.Equal(t, want, string(got))
	assert.Equal(t, wantErrs, errs)
}

func TestAppendRecordMatchesApply(t *testing.T) {
	mappings := []string{
		`[{"target":"orderId","path":"id"},{"target":"lines","expr":"items.map(i => i.sku)"},{"target":"n","expr":"items.length"}]`,
		`[{"target":"b","const":1},{"target":"a","path":"nope"},{"target":"b","path":"note","omitEmpty":true}]`,
		`[{"target":"x","const":1},{"target":"x","path":"country"},{"target":"x","path":"nope"}]`,
		`[{"target":"x","const":1},{"target":"x","path":"country","type":"number"}]`,
		`[{"target":"<&>","path":"customer"},{"target":"skus","path":"items[*].nope"},{"target":"d","path":"placed_at","type":"date","format":"yyyy"}]`,
		`[{"target":"a.b","path":"id"},{"target":"a.c","const":[1,2]},{"target":"l[].q","path":"items[*].qty"}]`,
		`[{"target":"boom","expr":"$.nope.deeper"},{"target":"ok","path":"id"}]`,
		`[{"target":"nan","expr":"0/0"},{"target":"big","expr":"1e21 + 1"},{"target":"small","expr":"1/3e7"}]`,
		`[{"target":"z","path":"id"},{"target":"10","const":1},{"target":"a","path":"customer"},{"target":"2","path":"$"}]`,
	}
	many := make([]string, 20)
	for i := range many {
		many[i] = fmt.Sprintf(`{"target":"f%c","expr":"id + \"-\" + items.length"}`, 'a'+i)
	}
	mappings = append(mappings, "["+strings.Join(many, ",")+"]")
	ordered, err := jsoncodec.DecodeJSON(`{"note":"x","items":[{"sku":"B","qty":2},{"qty":1,"sku":"A"}],"id":"O","customer":{"z":1,"1":2},"country":"fr"}`)
	require.NoError(t, err)
	records := []any{decodeJSON(t, order), map[string]any{}, decodeJSON(t, `{"items":[{"qty":-0.5}],"note":"x","country":7}`), ordered}
	for _, fields := range mappings {
		c := compile(t, fields)
		for _, rec := range records {
			requireSameRecord(t, c, rec)
		}
	}
}

func TestAppendRecordScript(t *testing.T) {
	m := &mapping.Mapping{FormatVersion: 1, Fields: []mapping.Field{{Target: "id", Path: "id"}},
		Script: "if ($.drop) return undefined;\nreturn { ...out, upper: $.country.toUpperCase() };"}
	c, err := mapping.Compile(m)
	require.NoError(t, err)
	requireSameRecord(t, c, decodeJSON(t, order))
	got, errs, err := c.AppendRecord(context.Background(), nil, map[string]any{"drop": true})
	require.NoError(t, err)
	assert.Empty(t, errs)
	assert.Empty(t, got, "a dropped record writes nothing")
}

// TestOutputKeyOrder: the output has its keys in field order (array
// indexes first, as in a JavaScript object literal), nested objects in the
// order their keys are first set, and objects from the record keep its
// order; AppendRecord and Apply agree.
func TestOutputKeyOrder(t *testing.T) {
	rec, err := jsoncodec.DecodeJSON(`{"id":"O","customer":{"last":"L","first":"F","2":"two"},"items":[{"sku":"B","qty":2}]}`)
	require.NoError(t, err)
	for fields, want := range map[string]string{
		`[{"target":"id","path":"id"},{"target":"customer","path":"customer"},{"target":"7","const":{"y":1,"x":2}},{"target":"keys","expr":"Object.keys($.customer)"}]`:        `{"7":{"y":1,"x":2},"id":"O","customer":{"2":"two","last":"L","first":"F"},"keys":["2","last","first"]}`,
		`[{"target":"b.y","path":"id"},{"target":"a","const":1},{"target":"b.x","const":2},{"target":"l[].q","path":"items[*].qty"},{"target":"l[].p","path":"items[*].sku"}]`: `{"b":{"y":"O","x":2},"a":1,"l":[{"q":2,"p":"B"}]}`,
		`[{"target":"x","path":"nope"},{"target":"y","const":1},{"target":"x","const":2}]`:                                                                                     `{"y":1,"x":2}`,
		`[{"target":"s","expr":"({...customer, id, [items[0].sku]: 1})"}]`:                                                                                                     `{"s":{"2":"two","last":"L","first":"F","id":"O","B":1}}`,
		`[{"target":"s","expr":"JSON.stringify($.customer)"},{"target":"e","expr":"Object.entries(customer)"}]`:                                                                `{"s":"{\"2\":\"two\",\"last\":\"L\",\"first\":\"F\"}","e":[["2","two"],["last","L"],["first","F"]]}`,
	} {
		c := compile(t, fields)
		got, errs, err := c.AppendRecord(context.Background(), nil, rec)
		require.NoError(t, err)
		require.Empty(t, errs)
		assert.Equal(t, want+"\n", string(got), fields)
		requireSameRecord(t, c, rec)
	}
}

// TestTestCaseInputsKeepKeyOrder: a mapping file's test inputs are
// records in the order of their text, as a run would see them.
func TestTestCaseInputsKeepKeyOrder(t *testing.T) {
	m, err := mapping.Decode([]byte(`{"fields":[{"target":"keys","expr":"Object.keys($)"}],
		"tests":[{"name":"order","input":{"b":1,"a":2,"0":3},"expected":{"keys":["0","b","a"]}}]}`))
	require.NoError(t, err)
	res := mapping.RunTests(context.Background(), m)
	require.Len(t, res, 1)
	assert.True(t, res[0].Passed, "%+v", res[0])
}

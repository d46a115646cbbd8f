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
	}
	many := make([]string, 20)
	for i := range many {
		many[i] = fmt.Sprintf(`{"target":"f%c","expr":"id + \"-\" + items.length"}`, 'a'+i)
	}
	mappings = append(mappings, "["+strings.Join(many, ",")+"]")
	records := []any{decodeJSON(t, order), map[string]any{}, decodeJSON(t, `{"items":[{"qty":-0.5}],"note":"x","country":7}`)}
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

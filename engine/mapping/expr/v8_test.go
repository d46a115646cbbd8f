package expr_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/mapping/expr"
)

// The V8 conformance corpus (see cmd/weft's TestV8Corpus, which compares
// weft with V8's answers); here its expressions and records check that the
// native path and the corrected goja path agree.
const (
	v8Expressions = "../../../testdata/mapping/v8/expressions.txt"
	v8Records     = "../../../testdata/mapping/v8/records.ndjson"
)

// loadRecords reads an NDJSON file of records.
func loadRecords(t *testing.T, path string) []any {
	var records []any
	for _, line := range loadLines(t, path) {
		var r any
		require.NoError(t, json.Unmarshal([]byte(line), &r))
		records = append(records, r)
	}
	return records
}

func TestV8CorpusNativeMatchesGoja(t *testing.T) {
	records := loadRecords(t, v8Records)
	for _, src := range loadLines(t, v8Expressions) {
		n, nerr := expr.Compile(src, expr.Options{})
		g, gerr := expr.CompileGoja(src, expr.Options{})
		require.Equal(t, nerr == nil, gerr == nil, "%s: compile errors %v / %v", src, nerr, gerr)
		if nerr != nil || !n.Native() {
			continue
		}
		compareOnRecords(t, src, n, g, records)
	}
}

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/mapping/pipeline"
)

const ordersMapping = "../../testdata/mapping/orders.mapping.json"

func TestMapOrdersKeepsOrderWithWorkers(t *testing.T) {
	want, err := os.ReadFile("../../testdata/mapping/orders.expected.ndjson")
	require.NoError(t, err)
	var outputs []string
	for _, l := range strings.Split(strings.TrimSpace(string(want)), "\n") {
		var g struct{ Output json.RawMessage }
		require.NoError(t, json.Unmarshal([]byte(l), &g))
		outputs = append(outputs, string(g.Output))
	}
	for _, workers := range []string{"1", "3"} {
		code, stdout, stderr := weft(t, "map", ordersMapping, "--input", "../../testdata/mapping/orders.input.ndjson", "--workers", workers)
		assert.Equal(t, 1, code, "record 6 fails")
		assert.Equal(t, strings.Join(outputs[:5], "\n")+"\n", stdout)
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		require.Len(t, lines, 2, stderr)
		var e pipeline.ErrorLine
		require.NoError(t, json.Unmarshal([]byte(lines[0]), &e))
		assert.Equal(t, 6, e.Record)
		assert.Equal(t, 6, e.Line)
		require.Len(t, e.Fields, 1)
		assert.Equal(t, "email", e.Fields[0].Target)
		assert.Contains(t, lines[1], "1 of 6 records failed")
	}
}

func TestMapManyRecordsInOrder(t *testing.T) {
	var in strings.Builder
	for i := range 2000 {
		in.WriteString(`{"n":` + strings.Repeat(" ", i%3) + itoa(i) + "}\n")
		if i == 1500 {
			in.WriteString("{broken\n")
		}
	}
	p := writeFile(t, "m.json", `{"fields":[{"target":"m","expr":"n * 2"}]}`)
	inPath := writeFile(t, "in.ndjson", in.String())
	code, stdout, stderr := weft(t, "map", p, "--input", inPath, "--workers", "4")
	assert.Equal(t, 1, code)
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	require.Len(t, lines, 2000)
	for i, l := range lines {
		require.Equal(t, `{"m":`+itoa(2*i)+`}`, l)
	}
	assert.Contains(t, stderr, `{"record":1502,"line":1502,"error":"record 1502 (line 1502): invalid JSON`)
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

func TestMapFormatsAndStdin(t *testing.T) {
	p := writeFile(t, "m.json", `{"fields":[{"target":"id","path":"id","type":"integer"},{"target":"sku","path":"sku"}]}`)
	csv := writeFile(t, "in.csv", "id;sku\n1;A\n2;B\n")
	code, stdout, stderr := weft(t, "map", p, "--input", csv, "--format", "csv")
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, "{\"id\":1,\"sku\":\"A\"}\n{\"id\":2,\"sku\":\"B\"}\n", stdout)

	stdin = strings.NewReader(`<r><o><id>7</id><sku>X</sku></o></r>`)
	defer func() { stdin = os.Stdin }()
	code, stdout, stderr = weft(t, "map", "--format", "auto", p)
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, "{\"id\":7,\"sku\":\"X\"}\n", stdout)
}

func TestMapBadMappingAndUsage(t *testing.T) {
	p := writeFile(t, "m.json", "{\"fields\": [\n  {\"target\": \"a\", \"expr\": \"1 +\"}]}")
	code, _, stderr := weft(t, "map", p)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, `field 1 "a": line 1, column`)
	bad := writeFile(t, "bad.json", "{\"fields\": [\n  ,]}")
	code, _, stderr = weft(t, "map", bad)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, bad+":2:3:")
	code, _, _ = weft(t, "map")
	assert.Equal(t, 2, code)
	code, _, stderr = weft(t, "map", p, "--format", "yaml")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "unknown format")
}

func TestPreviewCommand(t *testing.T) {
	code, stdout, stderr := weft(t, "preview", ordersMapping, "--input", "../../testdata/mapping/orders.input.ndjson", "--limit", "2")
	require.Equal(t, 0, code, stderr)
	var res struct {
		Records []struct{ Output map[string]any }
		Schema  []struct{ Path string }
		Lineage []struct {
			Target  string
			Sources []string
		}
		Source []struct{ Path string }
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &res))
	require.Len(t, res.Records, 2)
	assert.Equal(t, "ORD-000002", res.Records[1].Output["orderId"])
	assert.Len(t, res.Lineage, 7)
	assert.Equal(t, []string{"id"}, res.Lineage[0].Sources)
	assert.NotEmpty(t, res.Schema)
	assert.NotEmpty(t, res.Source)

	code, _, _ = weft(t, "preview", ordersMapping)
	assert.Equal(t, 2, code, "--input is required")
}

func TestTestCommand(t *testing.T) {
	junit := filepath.Join(t.TempDir(), "report.xml")
	code, stdout, stderr := weft(t, "test", ordersMapping, "--junit", junit)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "ok    "+ordersMapping+": one order")
	report, err := os.ReadFile(junit)
	require.NoError(t, err)
	assert.Contains(t, string(report), `<testsuite name="`+ordersMapping+`" tests="1" failures="0">`)

	flowPath := writeFile(t, "f.flow.json", `{"formatVersion": 2, "id": "x", "name": "x",
  "nodes": [{"id": "a", "type": "core.manual"},
    {"id": "m", "type": "core.mapping", "config": {"mapping": {"fields": [{"target": "y", "path": "x"}],
      "tests": [{"name": "good", "input": {"x": 1}, "expected": {"y": 1}},
                {"name": "bad", "input": {"x": 2}, "expected": {"y": 3, "z": true}}]}}}],
  "edges": [{"id": "e1", "from": {"node": "a", "port": "out"}, "to": {"node": "m", "port": "in"}}]}`)
	code, stdout, stderr = weft(t, "test", flowPath, "--junit", junit)
	assert.Equal(t, 1, code)
	assert.Contains(t, stdout, "ok    "+flowPath+"#m: good")
	assert.Contains(t, stdout, "FAIL  "+flowPath+"#m: bad")
	assert.Contains(t, stdout, "y: expected 3, got 2")
	assert.Contains(t, stdout, "z: missing, expected true")
	assert.Contains(t, stderr, "1 of 2 mapping tests failed")
	report, err = os.ReadFile(junit)
	require.NoError(t, err)
	assert.Contains(t, string(report), `failures="1"`)
	assert.Contains(t, string(report), `<failure message="2 differences">`)
}

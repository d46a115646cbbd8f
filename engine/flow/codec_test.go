package flow_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/flow"
)

var update = flag.Bool("update", false, "rewrite golden flow files under testdata/flows")

const flowsDir = "../../testdata/flows"

// TestGoldenFlows decodes every testdata/flows/*.flow.json and compares its
// canonical encoding with the file itself (current format) or with
// <name>.migrated.json (older formats, which must load through migrations).
func TestGoldenFlows(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(flowsDir, "*.flow.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			f, err := flow.Decode(data)
			require.NoError(t, err)
			assert.Equal(t, flow.FormatVersion, f.FormatVersion)
			got, err := flow.Encode(f)
			require.NoError(t, err)
			want := path
			if !bytes.Contains(data, []byte(`"formatVersion": 2,`)) {
				want = strings.TrimSuffix(path, ".flow.json") + ".migrated.json"
			}
			if *update {
				require.NoError(t, os.WriteFile(want, got, 0o644))
			}
			wantData, err := os.ReadFile(want)
			require.NoError(t, err, "run go test ./engine/flow -update to create it")
			assert.Equal(t, string(wantData), string(got))
		})
	}
}

func TestMigrationV1(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(flowsDir, "v1-hello.flow.json"))
	require.NoError(t, err)
	f, err := flow.Decode(data)
	require.NoError(t, err)
	assert.Equal(t, flow.Position{X: 560.5, Y: 120}, f.Layout["n3"])
	assert.Equal(t, flow.Edge{ID: "e3", From: flow.PortRef{Node: "n2", Port: "error"}, To: flow.PortRef{Node: "n3", Port: "in"}}, f.Edges[2])
	assert.Equal(t, []string{"n1", "n2", "n3"}, []string{f.Nodes[0].ID, f.Nodes[1].ID, f.Nodes[2].ID})
}

func TestMigrationV1SplitsAtTheLastColon(t *testing.T) {
	f, err := flow.Decode([]byte(`{"formatVersion": 1, "id": "x", "nodes": [{"id": "a:b"}], "edges": [{"id": "e", "source": "a:b:out", "target": "c:in"}]}`))
	require.NoError(t, err)
	assert.Equal(t, flow.PortRef{Node: "a:b", Port: "out"}, f.Edges[0].From)
	assert.Nil(t, f.Layout, "no positions, no layout")
}

func hello(t *testing.T) (*flow.Flow, []byte) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(flowsDir, "hello.flow.json"))
	require.NoError(t, err)
	f, err := flow.Decode(data)
	require.NoError(t, err)
	return f, data
}

func TestEncodeIsStable(t *testing.T) {
	f, data := hello(t)
	once, err := flow.Encode(f)
	require.NoError(t, err)
	again, err := flow.Decode(once)
	require.NoError(t, err)
	twice, err := flow.Encode(again)
	require.NoError(t, err)
	assert.Equal(t, string(data), string(once))
	assert.Equal(t, string(once), string(twice))
	assert.Equal(t, f, again)
}

func TestMovingANodeChangesOneLine(t *testing.T) {
	f, data := hello(t)
	f.Layout["n2"] = flow.Position{X: 333.5, Y: -40}
	moved, err := flow.Encode(f)
	require.NoError(t, err)
	before, after := strings.Split(string(data), "\n"), strings.Split(string(moved), "\n")
	require.Len(t, after, len(before))
	var diff []string
	for i := range before {
		if before[i] != after[i] {
			diff = append(diff, after[i])
		}
	}
	assert.Equal(t, []string{`    "n2": {"x": 333.5, "y": -40},`}, diff)
}

func TestEncodeCanonicalForm(t *testing.T) {
	f := &flow.Flow{ID: "x", Name: "X", Nodes: []flow.Node{{ID: "b", Type: "t.b", Config: map[string]any{
		"z": 1.0, "a": "x && y < z", "m": map[string]any{"k2": true, "k1": nil}}}}}
	got, err := flow.Encode(f)
	require.NoError(t, err)
	want := `{
  "formatVersion": 2,
  "id": "x",
  "name": "X",
  "nodes": [
    {
      "id": "b",
      "type": "t.b",
      "config": {
        "a": "x && y < z",
        "m": {
          "k1": null,
          "k2": true
        },
        "z": 1
      }
    }
  ],
  "edges": []
}
`
	assert.Equal(t, want, string(got))
}

func TestEncodeRefusesNaN(t *testing.T) {
	f := &flow.Flow{ID: "x", Layout: map[string]flow.Position{"a": {X: nan()}}}
	_, err := flow.Encode(f)
	assert.ErrorContains(t, err, "layout")
}

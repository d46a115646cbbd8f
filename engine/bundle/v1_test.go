package bundle_test

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/bundle"
	"github.com/weftworks/weft/engine/flow"
)

// TestReadFrozenV1 loads a bundle written in format 1 and committed as a
// binary file; it must keep loading forever.
func TestReadFrozenV1(t *testing.T) {
	path := filepath.Join(bundlesDir, "v1-orders.weft")
	if *writeV1 {
		require.NoError(t, os.MkdirAll(bundlesDir, 0o755))
		require.NoError(t, os.WriteFile(path, makeV1(t), 0o644))
	}
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	b, err := bundle.Read(data)
	require.NoError(t, err)
	m := b.Manifest
	assert.Equal(t, 1, m.FormatVersion)
	assert.Equal(t, "orders", m.Name)
	assert.Equal(t, []bundle.FlowEntry{{ID: "a", Name: "Flow a", File: "flows/a.json", SHA256: m.Files["flows/a.json"]}}, m.Flows)
	assert.Equal(t, []string{"db", "test"}, m.Connectors, "derived from the node types")
	assert.Equal(t, []bundle.Secret{{Name: "orders-db"}}, m.Secrets)
	require.Len(t, b.Flows, 1)
	assert.Equal(t, "orders-db", b.Flows[0].Nodes[1].Config["credential"])
}

// makeV1 writes a format-1 bundle the way the format-1 writer did: flows
// under "path", credentials as names, the flow file in flow format 1.
func makeV1(t *testing.T) []byte {
	flowV1 := []byte(`{"formatVersion": 1, "id": "a", "name": "Flow a",
  "nodes": [{"id": "n1", "type": "test.start", "position": {"x": 10, "y": 20}},
            {"id": "n2", "type": "db.insert", "config": {"credential": "orders-db", "table": "orders"}, "position": {"x": 200, "y": 20}}],
  "edges": [{"id": "e1", "source": "n1:out", "target": "n2:in"}]}
`)
	sum := sha256.Sum256(flowV1)
	manifest, err := json.MarshalIndent(map[string]any{
		"formatVersion": 1, "name": "orders", "version": "0.9.0", "engineVersion": "0.0.9",
		"flows":     []map[string]any{{"id": "a", "name": "Flow a", "path": "flows/a.json", "sha256": hex.EncodeToString(sum[:])}},
		"nodeTypes": []string{"db.insert", "test.start"}, "credentials": []string{"orders-db"},
		"files": map[string]string{"flows/a.json": hex.EncodeToString(sum[:])},
	}, "", "  ")
	require.NoError(t, err)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range []struct {
		name string
		data []byte
	}{{"flows/a.json", flowV1}, {"manifest.json", manifest}} {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)})
		require.NoError(t, err)
		_, err = w.Write(e.data)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	_, err = flow.Decode(flowV1)
	require.NoError(t, err)
	return buf.Bytes()
}

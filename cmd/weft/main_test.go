package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/app/runner"
)

func weft(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
	return p
}

func TestRunHelloPrintsDebugNDJSON(t *testing.T) {
	code, stdout, stderr := weft(t, "run", "../../testdata/flows/hello.flow.json")
	require.Equal(t, 0, code, stderr)
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	require.NotEmpty(t, lines)
	want, err := os.ReadFile("../../testdata/cli/hello.ndjson")
	require.NoError(t, err)
	var got []string
	for _, l := range lines {
		var d runner.DebugLine
		require.NoError(t, json.Unmarshal([]byte(l), &d), l)
		assert.Len(t, d.ID, 32, "each message carries its id")
		p, err := json.Marshal(map[string]any{"node": d.Node, "payload": d.Payload})
		require.NoError(t, err)
		got = append(got, string(p))
	}
	assert.Equal(t, strings.TrimSpace(string(want)), strings.Join(got, "\n"))
}

func TestRunMalformedFlowNamesLineAndColumn(t *testing.T) {
	p := writeFile(t, "bad.flow.json", "{\n  \"formatVersion\": 2,\n  \"nodes\": [,]\n}\n")
	code, _, stderr := weft(t, "run", p)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, p+":3:")
}

func TestRunInvalidFlowListsEveryProblem(t *testing.T) {
	p := writeFile(t, "invalid.flow.json", `{"formatVersion": 2, "id": "x", "name": "x",
  "nodes": [{"id": "a", "type": "core.manual"}, {"id": "b", "type": "core.script", "config": {"code": ""}}, {"id": "c", "type": "core.nope"}],
  "edges": [{"id": "e1", "from": {"node": "a", "port": "out"}, "to": {"node": "b", "port": "in"}}]}`)
	code, stdout, stderr := weft(t, "run", p)
	assert.Equal(t, 1, code)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, `"b"`)
	assert.Contains(t, stderr, "code")
	assert.Contains(t, stderr, "core.nope")
	assert.Contains(t, stderr, "not running it")
}

func TestRunFailingScriptExitsNonZero(t *testing.T) {
	p := writeFile(t, "throw.flow.json", `{"formatVersion": 2, "id": "x", "name": "x",
  "nodes": [{"id": "a", "type": "core.manual"}, {"id": "b", "type": "core.script", "config": {"code": "throw new Error('boom')"}}],
  "edges": [{"id": "e1", "from": {"node": "a", "port": "out"}, "to": {"node": "b", "port": "in"}}]}`)
	code, _, stderr := weft(t, "run", p)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "boom")
	assert.Contains(t, stderr, `"b"`)
}

func TestValidate(t *testing.T) {
	code, stdout, _ := weft(t, "validate", "../../testdata/flows/hello.flow.json")
	assert.Equal(t, 0, code, stdout)
	assert.Contains(t, stdout, "ok")

	p := writeFile(t, "cycle.flow.json", `{"formatVersion": 2, "id": "x", "name": "x",
  "nodes": [{"id": "a", "type": "core.debug"}, {"id": "b", "type": "core.debug"}],
  "edges": [{"id": "e1", "from": {"node": "a", "port": "out"}, "to": {"node": "b", "port": "in"}},
            {"id": "e2", "from": {"node": "b", "port": "out"}, "to": {"node": "a", "port": "in"}}]}`)
	code, stdout, _ = weft(t, "validate", p)
	assert.Equal(t, 1, code)
	assert.Contains(t, stdout, "cycle")
}

func TestStudioRefusesPublicAddressWithoutToken(t *testing.T) {
	code, _, stderr := weft(t, "studio", "--addr", "0.0.0.0:0", "--data", filepath.Join(t.TempDir(), "w.db"))
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "without a token")
}

func TestUsageAndVersion(t *testing.T) {
	code, stdout, _ := weft(t, "version")
	assert.Equal(t, 0, code)
	assert.True(t, strings.HasPrefix(stdout, "weft "))
	code, _, stderr := weft(t, "frobnicate")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "unknown command")
}

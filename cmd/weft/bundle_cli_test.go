package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/cli")

const (
	helloFlow   = "../../testdata/flows/hello.flow.json"
	webhookFlow = "../../testdata/flows/webhook-orders-postgres.flow.json"
)

// makeBundle runs weft bundle and returns the bundle's path.
func makeBundle(t *testing.T, extra []string, flows ...string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "b.weft")
	args := append([]string{"bundle"}, flows...)
	args = append(args, "--name", "orders", "--version", "1.0.0", "-o", out)
	code, _, stderr := weft(t, append(args, extra...)...)
	require.Equal(t, 0, code, stderr)
	return out
}

func readBytes(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}

// keyPair runs weft keygen and returns the key file paths.
func keyPair(t *testing.T) (priv, pub string) {
	t.Helper()
	prefix := filepath.Join(t.TempDir(), "release")
	code, _, stderr := weft(t, "keygen", "-o", prefix)
	require.Equal(t, 0, code, stderr)
	return prefix + ".key", prefix + ".pub"
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("../../testdata/cli", name)
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	assert.Equal(t, string(readBytes(t, path)), got)
}

func TestBundleIsByteIdenticalAndInspects(t *testing.T) {
	one := makeBundle(t, nil, helloFlow, webhookFlow)
	two := makeBundle(t, nil, webhookFlow, helloFlow)
	assert.Equal(t, readBytes(t, one), readBytes(t, two))
	code, stdout, stderr := weft(t, "inspect", one)
	require.Equal(t, 0, code, stderr)
	golden(t, "inspect.golden", stdout)
}

func TestBundleUsageAndRefusals(t *testing.T) {
	cycle := writeFile(t, "cycle.flow.json", `{"formatVersion": 2, "id": "x", "name": "x",
  "nodes": [{"id": "a", "type": "core.debug"}, {"id": "b", "type": "core.debug"}],
  "edges": [{"id": "e1", "from": {"node": "a", "port": "out"}, "to": {"node": "b", "port": "in"}},
            {"id": "e2", "from": {"node": "b", "port": "out"}, "to": {"node": "a", "port": "in"}}]}`)
	out := filepath.Join(t.TempDir(), "x.weft")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no output", []string{"bundle", helloFlow, "--name", "n", "--version", "1"}, 2, "Usage: weft bundle"},
		{"no version", []string{"bundle", helloFlow, "--name", "n", "-o", out}, 2, "Usage: weft bundle"},
		{"invalid flow", []string{"bundle", cycle, "--name", "n", "--version", "1", "-o", out}, 1, "cycle"},
		{"same flow twice", []string{"bundle", helloFlow, helloFlow, "--name", "n", "--version", "1", "-o", out}, 1, "two flows"},
		{"inspect a flow file", []string{"inspect", helloFlow}, 1, "not a zip"},
		{"keygen without prefix", []string{"keygen"}, 2, "Usage: weft keygen"},
		{"sign without key", []string{"sign", out}, 2, "Usage: weft sign"},
		{"verify without key", []string{"verify", out}, 2, "Usage: weft verify"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := weft(t, tc.args...)
			assert.Equal(t, tc.code, code)
			assert.Contains(t, stderr, tc.want)
		})
	}
	_, err := os.Stat(out)
	assert.True(t, os.IsNotExist(err), "no bundle is written on failure")
}

func TestInspectTamperedBundleNamesTheFile(t *testing.T) {
	path := makeBundle(t, nil, helloFlow)
	data := readBytes(t, path)
	i := strings.Index(string(data), "Ada")
	require.Positive(t, i)
	data[i] = 'E'
	require.NoError(t, os.WriteFile(path, data, 0o644))
	code, _, stderr := weft(t, "inspect", path)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "flows/hello.flow.json")
	assert.Contains(t, stderr, "corrupt bundle")
}

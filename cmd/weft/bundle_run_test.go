package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunBundle(t *testing.T) {
	priv, pub := keyPair(t)
	_, otherPub := keyPair(t)
	single := makeBundle(t, nil, helloFlow)
	signed := makeBundle(t, []string{"--sign", priv}, helloFlow)
	two := makeBundle(t, nil, helloFlow, "../../testdata/flows/csv-orders-routing.flow.json")
	state := []string{"--state", filepath.Join(t.TempDir(), "state.db")}
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"one flow", []string{single}, 0, "Hello, Ada", ""},
		{"several flows need --flow", []string{two}, 2, "", "holds 2 flows (csv-orders-routing, hello); choose one with --flow ID"},
		{"--flow picks one", []string{two, "--flow", "hello"}, 0, "Hello, Grace", ""},
		{"unknown --flow", []string{two, "--flow", "nope"}, 2, "", `no flow "nope"`},
		{"signature required, unsigned", []string{single, "--require-signature", pub}, 1, "", "not signed; not running it"},
		{"signature required, other key", []string{signed, "--require-signature", otherPub}, 1, "", "not valid for this key"},
		{"signature required and valid", []string{signed, "--require-signature", pub}, 0, "Hello, Ada", ""},
		{"flow file cannot be signed", []string{helloFlow, "--require-signature", pub}, 1, "", "needs a signed .weft bundle"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := append(append([]string{"run"}, tc.args...), state...)
			code, stdout, stderr := weft(t, args...)
			assert.Equal(t, tc.code, code, stderr)
			assert.Contains(t, stdout, tc.stdout)
			assert.Contains(t, stderr, tc.stderr)
			if tc.code != 0 {
				assert.Empty(t, stdout)
			}
		})
	}
}

func TestValidateBundle(t *testing.T) {
	path := makeBundle(t, nil, helloFlow, webhookFlow)
	code, stdout, stderr := weft(t, "validate", path)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, path+"#hello: ok")
	assert.Contains(t, stdout, path+"#webhook-orders-postgres: ok")
}

func TestTestBundleRunsMappingTests(t *testing.T) {
	flowPath := writeFile(t, "m.flow.json", `{"formatVersion": 2, "id": "m", "name": "m",
  "nodes": [{"id": "a", "type": "core.manual"},
    {"id": "map", "type": "core.mapping", "config": {"mapping": {"fields": [{"target": "y", "path": "x"}],
      "tests": [{"name": "good", "input": {"x": 1}, "expected": {"y": 1}},
                {"name": "bad", "input": {"x": 2}, "expected": {"y": 3}}]}}}],
  "edges": [{"id": "e1", "from": {"node": "a", "port": "out"}, "to": {"node": "map", "port": "in"}}]}`)
	path := makeBundle(t, nil, flowPath, helloFlow)
	code, stdout, stderr := weft(t, "test", path)
	assert.Equal(t, 1, code)
	assert.Contains(t, stdout, "ok    "+path+"#m#map: good")
	assert.Contains(t, stdout, "FAIL  "+path+"#m#map: bad")
	assert.Contains(t, stderr, "1 of 2 mapping tests failed")
	assert.Equal(t, 2, strings.Count(stdout, path+"#m#map"))
}

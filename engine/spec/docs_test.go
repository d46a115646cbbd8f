package spec_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/spec"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/spec")

// golden compares got with ../../testdata/spec/name, rewriting it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "spec", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./engine/spec -update to create it")
	assert.Equal(t, string(want), string(got))
}

func referenceSpecs() []spec.Spec {
	step := validSpec()
	step.Description = "Runs a step | with a pipe."
	step.Config[0].Default = "return `a|b`;"
	return []spec.Spec{
		{Type: "test.sink", Title: "Sink", Category: spec.Action, Icon: "bug", Inputs: []spec.Port{{Name: "in", Description: "anything"}}},
		step,
		{Type: "test.start", Title: "Start", Category: spec.Trigger, Outputs: []spec.Port{{Name: "out"}}},
		{Type: "test.switch", Title: "Switch", Category: spec.Transform, Inputs: []spec.Port{{Name: "in"}},
			Outputs: []spec.Port{{Name: "otherwise"}}, OutputsFrom: &spec.PortsFrom{Field: "rules", Key: "output"},
			Config: []spec.Field{{Name: "rules", Title: "Rules", Type: spec.Array, Items: &spec.Field{Type: spec.Object,
				Fields: []spec.Field{{Name: "output", Title: "Output", Type: spec.String}}}}}},
		{Type: "test.catch", Title: "Catch", Category: spec.Transform, Outputs: []spec.Port{{Name: "out"}},
			Catch:  &spec.CatchFrom{Field: "nodes"},
			Config: []spec.Field{{Name: "nodes", Title: "Nodes", Type: spec.Array, Items: &spec.Field{Type: spec.String}}}},
	}
}

func TestSpecJSONDeclaresDynamicPorts(t *testing.T) {
	specs := referenceSpecs()
	raw, err := json.Marshal(specs[3:])
	require.NoError(t, err)
	assert.Contains(t, string(raw), `"outputsFrom":{"field":"rules","key":"output"}`)
	assert.Contains(t, string(raw), `"catch":{"field":"nodes"}`)
	plain, err := json.Marshal(specs[0])
	require.NoError(t, err)
	assert.NotContains(t, string(plain), "outputsFrom")
	assert.NotContains(t, string(plain), "catch")
}

func TestMarkdownGolden(t *testing.T) {
	specs := referenceSpecs()
	got := spec.Markdown(specs)
	golden(t, "reference.md", []byte(got))
	specs[0], specs[2] = specs[2], specs[0]
	assert.Equal(t, got, spec.Markdown(specs), "output must not depend on input order")
}

func TestJSONSchemaGolden(t *testing.T) {
	s := spec.JSONSchema(fields)
	raw, err := json.MarshalIndent(s, "", "  ")
	require.NoError(t, err)
	golden(t, "schema.json", append(raw, '\n'))
	assert.Equal(t, []any{"code", "token"}, s["required"])
	assert.Equal(t, false, s["additionalProperties"])
}

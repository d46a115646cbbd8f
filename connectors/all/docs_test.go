package all_test

import (
	"flag"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/connectors/all"
	"github.com/weftworks/weft/engine/spec"
)

var update = flag.Bool("update", false, "rewrite docs/nodes.md from the node specs")

// TestNodesDocIsCurrent fails when docs/nodes.md differs from what the
// node specs generate. Run `go test ./connectors/all -update` after changing
// a spec.
func TestNodesDocIsCurrent(t *testing.T) {
	reg, err := all.Registry()
	require.NoError(t, err)
	want := spec.Markdown(reg.Specs())
	const path = "../../docs/nodes.md"
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(want), 0o644))
	}
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, want, string(got), "docs/nodes.md is stale: run go test ./connectors/all -update")
}

package templates_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/app/templates"
	"github.com/weftworks/weft/connectors/all"
	"github.com/weftworks/weft/engine/flow"
)

// TestEveryTemplateValidates checks that each gallery flow decodes, names
// itself, and has no problem against the shipped node types (warnings for
// missing credentials aside, which the user fills in).
func TestEveryTemplateValidates(t *testing.T) {
	list, err := templates.List()
	require.NoError(t, err)
	require.Len(t, list, 5)
	reg, err := all.Registry()
	require.NoError(t, err)
	for _, tm := range list {
		t.Run(tm.ID, func(t *testing.T) {
			assert.NotEmpty(t, tm.Name)
			assert.NotEmpty(t, tm.Description)
			assert.NotEmpty(t, tm.Category)
			f, err := templates.Flow(tm.ID)
			require.NoError(t, err)
			assert.Equal(t, tm.ID, f.ID)
			assert.Len(t, tm.Nodes, len(f.Nodes))
			for _, p := range reg.Validate(f) {
				assert.NotEqual(t, flow.SeverityError, p.Severity, "%s", p.Message)
			}
		})
	}
}

func TestUnknownTemplate(t *testing.T) {
	_, err := templates.Flow("nope")
	require.ErrorIs(t, err, templates.ErrUnknown)
	_, err = templates.Flow("../index")
	require.ErrorIs(t, err, templates.ErrUnknown)
}

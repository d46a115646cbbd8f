package app_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/runtime"
)

// TestHostileScriptsDoNotTakeStudioDown runs flows whose script node
// loops forever, asks for a 2 GiB string or reaches for the process: each run
// ends with the script's node failed and a reason, and the service goes
// on running flows.
func TestHostileScriptsDoNotTakeStudioDown(t *testing.T) {
	svc, _ := newService(t)
	cases := map[string]string{
		"endless loop": `while (true) {}`,
		"huge string":  `return {s: 'x'.repeat(2 ** 31)};`,
		"escape":       `return {p: this.constructor.constructor('return process')().pid};`,
	}
	for name, code := range cases {
		t.Run(name, func(t *testing.T) {
			f := helloFlow(code)
			if name == "endless loop" {
				f.Nodes[1].Config["timeoutMs"] = 100.0
			}
			res, err := svc.SaveFlow(f)
			require.NoError(t, err)
			id, err := svc.StartRun(res.Flow.ID)
			require.NoError(t, err)
			rec := waitRun(t, svc, id)
			script := rec.Nodes["n2"]
			require.NotNil(t, script)
			assert.Positive(t, script.Errors, "%s: the script node reports its failures", name)
			assert.Zero(t, rec.Nodes["n3"].In, "%s: nothing reached the debug node", name)
			assert.NotEmpty(t, rec.Error)
		})
	}
	res, err := svc.SaveFlow(helloFlow(`return {greeting: "Hello, " + msg.name};`))
	require.NoError(t, err)
	id, err := svc.StartRun(res.Flow.ID)
	require.NoError(t, err)
	assert.Equal(t, runtime.StatusSucceeded, waitRun(t, svc, id).Status, "Studio still runs flows")
}

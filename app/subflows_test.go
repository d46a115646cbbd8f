package app_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/runtime"
)

// greetSubflow is helloFlow with its script n2 made into the subflow
// "greet" at the given version, used by node s1.
func greetSubflow(version int, code string) flow.Flow {
	f := helloFlow(code)
	def := flow.Subflow{ID: "greet", Name: "Greet", Version: version,
		Inputs:  []flow.SubflowPort{{Name: "in", Node: "n2", Port: "in"}},
		Outputs: []flow.SubflowPort{{Name: "out", Node: "n2", Port: "out"}},
		Nodes:   []flow.Node{f.Nodes[1]},
	}
	f.Nodes[1] = flow.Node{ID: "s1", Type: flow.SubflowType, Config: map[string]any{flow.SubflowField: "greet"}}
	f.Edges[0].To.Node, f.Edges[1].From.Node = "s1", "s1"
	f.Subflows = []flow.Subflow{def}
	return f
}

func TestSubflowRunsWithItsInnerNodesRecorded(t *testing.T) {
	svc, _ := newService(t)
	res, err := svc.SaveFlow(greetSubflow(1, `return {greeting: "Hi, " + msg.name};`))
	require.NoError(t, err)
	assert.Empty(t, errorsOf(res.Problems))
	id, err := svc.StartRun(res.Flow.ID)
	require.NoError(t, err)
	rec := waitRun(t, svc, id)
	require.Equal(t, runtime.StatusSucceeded, rec.Status, rec.Error)
	require.Contains(t, rec.Nodes, "s1/n2")
	assert.Equal(t, map[string]any{"greeting": "Hi, Ada"}, jsoncodec.Plain(rec.Nodes["s1/n2"].Emitted[0].Payload))
	assert.EqualValues(t, 2, rec.Nodes["n3"].In)

	saved, err := svc.GetFlow(res.Flow.ID)
	require.NoError(t, err)
	assert.Equal(t, "greet", saved.Subflows[0].ID, "the definition is stored with the flow")
}

func TestListSubflowsKeepsTheHighestVersion(t *testing.T) {
	svc, _ := newService(t)
	empty, err := svc.ListSubflows()
	require.NoError(t, err)
	assert.Empty(t, empty)
	for _, v := range []int{2, 5, 3} {
		f := greetSubflow(v, "return msg;")
		f.Name = "uses v" + string(rune('0'+v))
		_, err := svc.SaveFlow(f)
		require.NoError(t, err)
	}
	defs, err := svc.ListSubflows()
	require.NoError(t, err)
	require.Len(t, defs, 1)
	assert.Equal(t, 5, defs[0].Version)
}

func TestSaveReportsAMissingSubflowOnItsNode(t *testing.T) {
	svc, _ := newService(t)
	f := greetSubflow(1, "return msg;")
	f.Subflows = nil
	res, err := svc.SaveFlow(f)
	require.NoError(t, err, "an invalid flow is kept as a draft")
	assert.Equal(t, []flow.Problem{{Severity: flow.SeverityError, Node: "s1", Message: `subflow "greet" is not defined in this flow`}}, errorsOf(res.Problems))
	_, err = svc.StartRun(res.Flow.ID)
	assert.ErrorContains(t, err, `subflow "greet" is not defined`)
}

func TestMissingCredentialInsideASubflowWarnsOnTheSubflowNode(t *testing.T) {
	svc, _ := newService(t)
	f := greetSubflow(1, "return msg;")
	f.Subflows[0].Nodes = append(f.Subflows[0].Nodes, flow.Node{ID: "call", Type: "http.request",
		Config: map[string]any{"url": "http://127.0.0.1:1/x", "credential": "crm-missing"}})
	f.Subflows[0].Edges = []flow.Edge{{ID: "e1", From: flow.PortRef{Node: "n2", Port: "out"}, To: flow.PortRef{Node: "call", Port: "in"}}}
	res, err := svc.SaveFlow(f)
	require.NoError(t, err)
	assert.Contains(t, res.Problems, flow.Problem{Severity: flow.SeverityWarning, Node: "s1",
		Message: `inside the subflow, node "call" field "credential": no credential called "crm-missing"; create it in the Credentials panel`})
}

func TestPinAndRerunFromNodesInsideASubflow(t *testing.T) {
	svc, _ := newService(t)
	res, err := svc.SaveFlow(greetSubflow(1, `return {greeting: "Hi, " + msg.name};`))
	require.NoError(t, err)
	id, err := svc.StartRun(res.Flow.ID)
	require.NoError(t, err)
	require.Equal(t, runtime.StatusSucceeded, waitRun(t, svc, id).Status)

	pinned, err := svc.PinOutput(id, "s1/n2")
	require.NoError(t, err, "the inner script feeds n3 outside the subflow")
	require.Len(t, pinned, 1)
	assert.Equal(t, "n3", pinned[0].NodeID)

	pinnedIn, err := svc.PinOutput(id, "n1")
	require.NoError(t, err)
	assert.Equal(t, "s1/n2", pinnedIn[0].NodeID, "n1 feeds the script inside the subflow")
	rerun, err := svc.RunFrom(res.Flow.ID, "s1/n2", "pinned n1")
	require.NoError(t, err)
	rec := waitRun(t, svc, rerun)
	require.Equal(t, runtime.StatusSucceeded, rec.Status, rec.Error)
	assert.NotContains(t, rec.Nodes, "n1", "upstream of the start node does not run")
	assert.EqualValues(t, 2, rec.Nodes["n3"].In)
}

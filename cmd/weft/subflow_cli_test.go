package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/app/runner"
	"github.com/weftworks/weft/engine/flow"
)

// priceFlow sends three people through the subflow node "s1" (definition
// "price": an HTTP request to srvURL, then a script) to the debug node
// "ok"; the subflow's error port feeds the debug node "failed".
func priceFlow(srvURL, code string) *flow.Flow {
	edge := func(id, from, fromPort, to, toPort string) flow.Edge {
		return flow.Edge{ID: id, From: flow.PortRef{Node: from, Port: fromPort}, To: flow.PortRef{Node: to, Port: toPort}}
	}
	return &flow.Flow{FormatVersion: flow.FormatVersion, ID: "prices", Name: "Prices",
		Nodes: []flow.Node{
			{ID: "n1", Type: "core.manual", Config: map[string]any{"payloads": `[{"name": "Ada"}, {"name": "Grace"}, {"name": "Nobody"}]`}},
			{ID: "s1", Type: flow.SubflowType, Name: "Price", Config: map[string]any{flow.SubflowField: "price"}},
			{ID: "ok", Type: "core.debug", Config: map[string]any{"label": "priced"}},
			{ID: "failed", Type: "core.debug", Config: map[string]any{"label": "failed"}},
		},
		Edges: []flow.Edge{
			edge("e1", "n1", "out", "s1", "in"),
			edge("e2", "s1", "out", "ok", "in"),
			edge("e3", "s1", "error", "failed", "in"),
		},
		Subflows: []flow.Subflow{{ID: "price", Name: "Price", Version: 1,
			Inputs:  []flow.SubflowPort{{Name: "in", Node: "req", Port: "in"}},
			Outputs: []flow.SubflowPort{{Name: "out", Node: "fmt", Port: "out"}},
			Nodes: []flow.Node{
				{ID: "req", Type: "http.request", Config: map[string]any{"url": srvURL + "/price/{{name}}", "into": "price", "retries": 0.0}},
				{ID: "fmt", Type: "core.script", Config: map[string]any{"code": code}},
			},
			Edges: []flow.Edge{edge("e1", "req", "out", "fmt", "in")},
		}},
	}
}

func priceServer(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/price/")
		if name == "Nobody" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"amount": len(name)})
	}))
	t.Cleanup(srv.Close)
	return srv
}

const priceCode = `return { name: msg.name, amount: msg.price.body.amount };`

func TestRunBundleWithSubflow(t *testing.T) {
	srv := priceServer(t)
	path := makeBundle(t, nil, writeFlow(t, "prices.flow.json", priceFlow(srv.URL, priceCode)))
	code, stdout, stderr := weft(t, "run", path, "--state", filepath.Join(t.TempDir(), "state.db"))
	require.Equal(t, 0, code, stderr)
	var priced, failed []string
	for _, l := range strings.Split(strings.TrimSpace(stdout), "\n") {
		var d runner.DebugLine
		require.NoError(t, json.Unmarshal([]byte(l), &d), l)
		p, err := json.Marshal(d.Payload)
		require.NoError(t, err)
		switch d.Node {
		case "ok":
			priced = append(priced, string(p))
		case "failed":
			failed = append(failed, string(p))
		default:
			t.Fatalf("debug line from node %q", d.Node)
		}
	}
	assert.ElementsMatch(t, []string{`{"amount":3,"name":"Ada"}`, `{"amount":5,"name":"Grace"}`}, priced)
	require.Len(t, failed, 1, "the inner request's failure leaves through the subflow's error port")
	assert.Contains(t, failed[0], `"node":"s1/req"`)
	assert.Contains(t, failed[0], "404")
}

func TestDiffBundlesShowsChangedSubflow(t *testing.T) {
	a := makeBundle(t, nil, writeFlow(t, "a.flow.json", priceFlow("http://127.0.0.1:1", priceCode)))
	b := makeBundle(t, nil, writeFlow(t, "b.flow.json", priceFlow("http://127.0.0.1:1", `return msg;`)))
	code, stdout, stderr := weft(t, "diff", a, b)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "~ subflow price: ~ node fmt (core.script): config code")
}

func TestRunRefusesMissingOrSelfContainedSubflow(t *testing.T) {
	missing := priceFlow("http://127.0.0.1:1", priceCode)
	missing.Subflows = nil
	self := priceFlow("http://127.0.0.1:1", priceCode)
	self.Subflows[0].Nodes = append(self.Subflows[0].Nodes,
		flow.Node{ID: "again", Type: flow.SubflowType, Config: map[string]any{flow.SubflowField: "price"}})
	for name, tc := range map[string]struct {
		f    *flow.Flow
		want string
	}{
		"missing": {missing, `node "s1": subflow "price" is not defined in this flow`},
		"itself":  {self, `node "s1": subflow "price" contains itself (price → price)`},
	} {
		t.Run(name, func(t *testing.T) {
			code, stdout, stderr := weft(t, "run", writeFlow(t, name+".flow.json", tc.f))
			assert.Equal(t, 1, code)
			assert.Empty(t, stdout)
			assert.Contains(t, stderr, tc.want)
			code, _, stderr = weft(t, "bundle", writeFlow(t, name+".flow.json", tc.f), "--name", "x", "--version", "1", "-o", filepath.Join(t.TempDir(), "x.weft"))
			assert.Equal(t, 1, code)
			assert.Contains(t, stderr, tc.want)
		})
	}
}

// TestServeRunsABundleWithASubflow serves ordersFlow with its mapping
// moved into a subflow: the webhook's reply comes from inside it.
func TestServeRunsABundleWithASubflow(t *testing.T) {
	f, err := runner.LoadFlow(ordersFlow(t, "sub"))
	require.NoError(t, err)
	mapNode := *f.Node("map")
	f.Subflows = []flow.Subflow{{ID: "map-order", Name: "Map order", Version: 1,
		Inputs:  []flow.SubflowPort{{Name: "in", Node: "map", Port: "in"}},
		Outputs: []flow.SubflowPort{{Name: "out", Node: "map", Port: "out"}},
		Nodes:   []flow.Node{mapNode},
	}}
	f.Nodes[1] = flow.Node{ID: "sub", Type: flow.SubflowType, Config: map[string]any{flow.SubflowField: "map-order"}}
	f.Edges[0].To.Node, f.Edges[1].From.Node = "sub", "sub"
	dir := t.TempDir()
	copyInto(t, bundleFile(t, writeFlow(t, "orders.flow.json", f), "1.0.0"), dir, "orders.weft")
	addr := freeAddr(t)
	stderr, _ := startServe(t, "--bundles", dir, "--listen", addr, "--state", filepath.Join(t.TempDir(), "state.db"))
	require.Eventually(t, func() bool {
		code, release, _ := orderRelease("http://" + addr + "/orders")
		return code == http.StatusOK && release == "sub"
	}, 20*time.Second, 20*time.Millisecond, "never served: %s", stderr)

	code, stdout, stderrText := weft(t, "test", filepath.Join(dir, "orders.weft"))
	require.Equal(t, 0, code, stderrText)
	assert.Contains(t, stdout, "#sub/map: maps the id", "the mapping's tests inside the subflow run")
}

// TestRunScopesACatchAllInsideASubflow runs priceFlow with a catch-all
// inside the subflow (feeding the debug node "inner") and one outside
// (feeding "outer"), and a script "bad" beside the subflow that always
// fails: each catch-all gets the failures of its own side only.
func TestRunScopesACatchAllInsideASubflow(t *testing.T) {
	srv := priceServer(t)
	f := priceFlow(srv.URL, priceCode)
	f.Edges = f.Edges[:2] // no edge from s1's error port: the catchers get the failures
	f.Nodes = append(f.Nodes[:3],
		flow.Node{ID: "bad", Type: "core.script", Config: map[string]any{"code": `throw new Error("no " + msg.name);`}},
		flow.Node{ID: "k", Type: "control.catch"},
		flow.Node{ID: "outer", Type: "core.debug", Config: map[string]any{"label": "outer"}})
	f.Edges = append(f.Edges,
		flow.Edge{ID: "e3", From: flow.PortRef{Node: "n1", Port: "out"}, To: flow.PortRef{Node: "bad", Port: "in"}},
		flow.Edge{ID: "e4", From: flow.PortRef{Node: "k", Port: "out"}, To: flow.PortRef{Node: "outer", Port: "in"}})
	d := &f.Subflows[0]
	d.Nodes = append(d.Nodes, flow.Node{ID: "k", Type: "control.catch"},
		flow.Node{ID: "inner", Type: "core.debug", Config: map[string]any{"label": "inner"}})
	d.Edges = append(d.Edges, flow.Edge{ID: "e2", From: flow.PortRef{Node: "k", Port: "out"}, To: flow.PortRef{Node: "inner", Port: "in"}})

	code, stdout, stderr := weft(t, "run", writeFlow(t, "prices.flow.json", f), "--state", filepath.Join(t.TempDir(), "state.db"))
	require.Equal(t, 0, code, stderr)
	caught := map[string][]string{}
	for _, l := range strings.Split(strings.TrimSpace(stdout), "\n") {
		var d runner.DebugLine
		require.NoError(t, json.Unmarshal([]byte(l), &d), l)
		if p, ok := d.Payload.(map[string]any); ok {
			caught[d.Node] = append(caught[d.Node], fmt.Sprint(p["node"]))
		}
	}
	assert.Equal(t, []string{"s1/req"}, caught["s1/inner"], "the inner catch-all gets the failure inside its subflow, and nothing else")
	assert.Equal(t, []string{"bad", "bad", "bad"}, caught["outer"], "the outer one gets the failures outside, not those caught inside")
}

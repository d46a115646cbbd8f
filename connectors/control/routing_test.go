package control_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/connectors/control"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/runtime"
	"github.com/weftworks/weft/engine/spec"
)

const numbers = `[{"n": 0}, {"n": 1}, {"n": 2}, {"n": 3}]`

func TestFilter(t *testing.T) {
	tests := []struct {
		name          string
		condition     string
		out, rejected []any
	}{
		{"comparison", "n >= 2", objs(2, 3), objs(0, 1)},
		{"truthiness of numbers", "n", objs(1, 2, 3), objs(0)},
		{"payload as $", "$.n % 2 === 1", objs(1, 3), objs(0, 2)},
		{"missing field is falsy", "$.missing", []any{}, objs(0, 1, 2, 3)},
		{"strings", `n > 1 ? "yes" : ""`, objs(2, 3), objs(0, 1)},
		{"goja path", "(function(){ return n === 3 })()", objs(3), objs(0, 1, 2)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			rec := h.run(build([]flow.Node{manual(numbers), node("f", "control.filter", "condition", tt.condition),
				debug("out"), debug("rejected")}, "src:out->f:in", "f:out->out:in", "f:rejected->rejected:in"))
			requireOK(t, rec)
			assert.Equal(t, tt.out, h.Payloads("out"))
			assert.Equal(t, tt.rejected, h.Payloads("rejected"))
		})
	}
}

func TestFilterBadInputGoesToErrorPort(t *testing.T) {
	h := newHarness(t)
	rec := h.run(build([]flow.Node{manual(`[{"a": {"b": 1}}, {"x": 1}, {"a": {"b": 2}}]`),
		node("f", "control.filter", "condition", "a.b > 1"), debug("out"), debug("errors")},
		"src:out->f:in", "f:out->out:in", "f:error->errors:in"))
	requireOK(t, rec)
	assert.Equal(t, []any{map[string]any{"a": map[string]any{"b": 2.0}}}, h.Payloads("out"), "the flow keeps running")
	errs := h.Payloads("errors")
	require.Len(t, errs, 1)
	e := errs[0].(map[string]any)
	assert.Equal(t, map[string]any{"x": 1.0}, e["message"])
	assert.Contains(t, e["error"], "line 1, column")
	assert.Equal(t, "f", e["node"])
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		node flow.Node
		want string
	}{
		{"filter syntax", node("x", "control.filter", "condition", "a >"), `field "condition": line 1`},
		{"filter blank", node("x", "control.filter", "condition", "  "), `field "condition": an expression is required`},
		{"switch rule syntax", node("x", "control.switch", "rules", []any{map[string]any{"output": "a", "condition": "("}}), `field "rules[0].condition"`},
		{"split syntax", node("x", "control.split", "array", "items["), `field "array"`},
		{"aggregate key", node("x", "control.aggregate", "key", "a +"), `field "key"`},
		{"join key", node("x", "control.join", "leftKey", ")"), `field "leftKey"`},
		{"dedupe key", node("x", "control.dedupe", "key", "{"), `field "key"`},
		{"ratelimit mode", node("x", "control.ratelimit", "onLimit", "drop"), `onLimit`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			_, err := runtime.Compile(build([]flow.Node{manual(`{}`), tt.node}, "src:out->x:"+firstInput(h, tt.node.Type)), h.reg)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func firstInput(h *harness, typ string) string {
	s, _ := h.reg.Spec(typ)
	return s.Inputs[0].Name
}

var rules = []any{
	map[string]any{"output": "big", "condition": "n >= 2"},
	map[string]any{"output": "odd", "condition": "n % 2 === 1"},
	map[string]any{"output": "big", "condition": "n === 0 && false"},
}

func TestSwitch(t *testing.T) {
	tests := []struct {
		mode                string
		big, odd, otherwise []any
	}{
		{"first", objs(2, 3), objs(1), objs(0)},
		{"all", objs(2, 3), objs(1, 3), objs(0)},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			h := newHarness(t)
			rec := h.run(build([]flow.Node{manual(numbers), node("s", "control.switch", "rules", rules, "mode", tt.mode),
				debug("big"), debug("odd"), debug("otherwise")},
				"src:out->s:in", "s:big->big:in", "s:odd->odd:in", "s:otherwise->otherwise:in"))
			requireOK(t, rec)
			assert.Equal(t, tt.big, h.Payloads("big"))
			assert.Equal(t, tt.odd, h.Payloads("odd"))
			assert.Equal(t, tt.otherwise, h.Payloads("otherwise"))
		})
	}
}

func TestSwitchCopiesAreIndependent(t *testing.T) {
	h := newHarness(t)
	both := []any{map[string]any{"output": "a", "condition": "true"}, map[string]any{"output": "b", "condition": "true"}}
	rec := h.run(build([]flow.Node{manual(`{"n": 1}`), node("s", "control.switch", "rules", both, "mode", "all"),
		node("m", "core.script", "code", "msg.n = 99; return msg;"), debug("a"), debug("b")},
		"src:out->s:in", "s:a->m:in", "m:out->a:in", "s:b->b:in"))
	requireOK(t, rec)
	assert.Equal(t, objs(99), h.Payloads("a"))
	assert.Equal(t, objs(1), h.Payloads("b"), "changing one output's copy leaves the other alone")
	assert.Equal(t, h.Messages("a")[0].ID, h.Messages("b")[0].ID, "same message id on every output")
}

func TestSwitchPortsAndValidation(t *testing.T) {
	h := newHarness(t)
	s, ok := h.reg.Spec("control.switch")
	require.True(t, ok)
	ports, errs := s.OutputPorts(map[string]any{"rules": rules})
	require.Empty(t, errs)
	names := []string{}
	for _, p := range ports {
		names = append(names, p.Name)
	}
	assert.Equal(t, []string{"otherwise", "big", "odd"}, names)

	bad := build([]flow.Node{manual(`{}`), node("s", "control.switch", "rules",
		[]any{map[string]any{"output": "error", "condition": "true"}})}, "src:out->s:in")
	problems := h.reg.Validate(bad)
	require.NotEmpty(t, problems)
	assert.Equal(t, "rules[0].output", problems[0].Field)
}

func TestSwitchBadInput(t *testing.T) {
	h := newHarness(t)
	rec := h.run(build([]flow.Node{manual(`[{"a": {"n": 5}}, {}, {"a": {"n": 1}}]`),
		node("s", "control.switch", "rules", []any{map[string]any{"output": "big", "condition": "a.n > 2"}}),
		debug("big"), debug("otherwise"), debug("errors")},
		"src:out->s:in", "s:big->big:in", "s:otherwise->otherwise:in", "s:error->errors:in"))
	requireOK(t, rec)
	assert.Len(t, h.Payloads("big"), 1)
	assert.Len(t, h.Payloads("otherwise"), 1)
	errs := h.Payloads("errors")
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].(map[string]any)["error"], "rule 1 (big)")
}

func TestSplit(t *testing.T) {
	tests := []struct {
		name, array, payloads string
		want                  []any
		failed                int
	}{
		{"payload array", "$", `[[1, 2, 3]]`, []any{1.0, 2.0, 3.0}, 0},
		{"field", "items", `{"items": [{"a": 1}, {"a": 2}]}`, []any{map[string]any{"a": 1.0}, map[string]any{"a": 2.0}}, 0},
		{"expression", "items.filter(i => i > 1)", `{"items": [1, 2, 3]}`, []any{2.0, 3.0}, 0},
		{"empty array emits nothing", "items", `{"items": []}`, []any{}, 0},
		{"not an array fails", "items", `[{"items": 5}, {"items": [7]}]`, []any{7.0}, 1},
		{"missing fails", "items", `[{}, {"items": [8]}]`, []any{8.0}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			rec := h.run(build([]flow.Node{manual(tt.payloads), node("x", "control.split", "array", tt.array),
				debug("out"), debug("errors")}, "src:out->x:in", "x:out->out:in", "x:error->errors:in"))
			requireOK(t, rec)
			assert.Equal(t, tt.want, h.Payloads("out"))
			assert.Len(t, h.Payloads("errors"), tt.failed)
		})
	}
}

func TestSplitMeta(t *testing.T) {
	h := newHarness(t)
	rec := h.run(build([]flow.Node{manual(`{"items": ["a", "b"]}`), node("x", "control.split", "array", "items"),
		debug("out")}, "src:out->x:in", "x:out->out:in"))
	requireOK(t, rec)
	parts := h.Messages("out")
	require.Len(t, parts, 2)
	original := rec.Nodes["src"].Emitted[0].MessageID
	for i, p := range parts {
		assert.Equal(t, original, p.Meta[control.SplitIDMeta])
		assert.Equal(t, []string{"0", "1"}[i], p.Meta[control.SplitIndexMeta])
		assert.Equal(t, "2", p.Meta[control.SplitCountMeta])
		assert.NotEqual(t, original, p.ID, "each part has its own id")
	}
	assert.NotEqual(t, parts[0].ID, parts[1].ID)
}

func TestSplitErrorReason(t *testing.T) {
	h := newHarness(t)
	rec := h.run(build([]flow.Node{manual(`{"items": "abc"}`), node("x", "control.split", "array", "items"),
		debug("errors")}, "src:out->x:in", "x:error->errors:in"))
	requireOK(t, rec)
	errs := h.Payloads("errors")
	require.Len(t, errs, 1)
	assert.Equal(t, "split: the value is a string, not an array", errs[0].(map[string]any)["error"])
}

func TestCatch(t *testing.T) {
	failing := node("s", "core.script", "code", `if (msg.n === 1) throw new Error("bad one"); return msg;`)
	tests := []struct {
		name  string
		catch flow.Node
		check func(t *testing.T, h *harness)
	}{
		{"catch all, failure shape", node("k", "control.catch"), func(t *testing.T, h *harness) {
			got := h.Payloads("caught")
			require.Len(t, got, 1)
			assert.Equal(t, "s", got[0].(map[string]any)["node"])
			assert.Equal(t, map[string]any{"n": 1.0}, got[0].(map[string]any)["message"])
			assert.Contains(t, got[0].(map[string]any)["error"], "bad one")
		}},
		{"listed, original shape", node("k", "control.catch", "nodes", []any{"s"}, "emit", "original"), func(t *testing.T, h *harness) {
			got := h.Messages("caught")
			require.Len(t, got, 1)
			assert.Equal(t, map[string]any{"n": 1.0}, jsoncodec.Plain(got[0].Payload))
			assert.Equal(t, "s", got[0].Meta[control.ErrorNodeMeta])
			assert.Contains(t, got[0].Meta[control.ErrorMeta], "bad one")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			rec := h.run(build([]flow.Node{manual(`[{"n": 0}, {"n": 1}, {"n": 2}]`), failing, debug("ok"), tt.catch, debug("caught")},
				"src:out->s:in", "s:out->ok:in", "k:out->caught:in"))
			requireOK(t, rec)
			assert.Equal(t, objs(0, 2), h.Payloads("ok"), "the flow keeps running")
			tt.check(t, h)
		})
	}
}

func TestCatchOtherNodeDoesNotCatch(t *testing.T) {
	h := newHarness(t)
	failing := node("s", "core.script", "code", `throw new Error("no")`)
	rec := h.run(build([]flow.Node{manual(`{}`), failing, node("k", "control.catch", "nodes", []any{"src"}), debug("caught")},
		"src:out->s:in", "k:out->caught:in"))
	assert.Equal(t, runtime.StatusFailed, rec.Status)
	assert.Empty(t, h.Payloads("caught"))
}

func TestRegisterTwiceIsRefused(t *testing.T) {
	h := newHarness(t)
	assert.Error(t, control.Register(h.reg))
}

func TestEverySpecDocumentsBadInput(t *testing.T) {
	h := newHarness(t)
	n := 0
	for _, s := range h.reg.Specs() {
		if !strings.HasPrefix(s.Type, "control.") {
			continue
		}
		n++
		assert.Contains(t, s.Description, "Bad input:", s.Type)
		assert.Equal(t, spec.Transform, s.Category, s.Type)
	}
	assert.Equal(t, 9, n)
}

package control_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/connectors/control"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/kvstore"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
)

var (
	_ control.StateStore = (*kvstore.Store)(nil)
	_ control.StateStore = (*control.MemoryStore)(nil)
)

func openState(t *testing.T, path string) *kvstore.Store {
	t.Helper()
	s, err := kvstore.Open(path)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func dedupeFlow(payloads string, kv ...any) *flow.Flow {
	return build([]flow.Node{manual(payloads), node("d", "control.dedupe", kv...), debug("out"), debug("dup"), debug("errors")},
		"src:out->d:in", "d:out->out:in", "d:duplicate->dup:in", "d:error->errors:in")
}

func TestDedupe(t *testing.T) {
	tests := []struct {
		name     string
		cfg      []any
		in       string
		out, dup []any
	}{
		{"by key", []any{"key", "id"}, `[{"id": 1, "v": "a"}, {"id": 2}, {"id": 1, "v": "b"}]`,
			[]any{map[string]any{"id": 1.0, "v": "a"}, map[string]any{"id": 2.0}}, []any{map[string]any{"id": 1.0, "v": "b"}}},
		{"whole payload", nil, `[{"a": 1, "b": 2}, {"b": 2, "a": 1}, {"a": 2}]`,
			[]any{map[string]any{"a": 1.0, "b": 2.0}, map[string]any{"a": 2.0}}, []any{map[string]any{"a": 1.0, "b": 2.0}}},
		{"template key", []any{"key", "`${c}:${s}`"}, `[{"c": 1, "s": "x"}, {"c": 1, "s": "y"}, {"c": 1, "s": "x"}]`,
			[]any{map[string]any{"c": 1.0, "s": "x"}, map[string]any{"c": 1.0, "s": "y"}}, []any{map[string]any{"c": 1.0, "s": "x"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			registry.Provide(h.services, control.StateKey, control.StateStore(openState(t, filepath.Join(t.TempDir(), "state.db"))))
			requireOK(t, h.run(dedupeFlow(tt.in, tt.cfg...)))
			assert.Equal(t, tt.out, h.Payloads("out"))
			assert.Equal(t, tt.dup, h.Payloads("dup"))
		})
	}
}

func TestDedupeStateSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	for _, run := range []struct {
		in       string
		out, dup []any
	}{
		{`[{"n": 1}, {"n": 2}]`, objs(1, 2), []any{}},
		{`[{"n": 2}, {"n": 3}]`, objs(3), objs(2)},
	} {
		s, err := kvstore.Open(path)
		require.NoError(t, err)
		h := newHarness(t)
		registry.Provide(h.services, control.StateKey, control.StateStore(s))
		requireOK(t, h.run(dedupeFlow(run.in)))
		require.NoError(t, s.Close())
		assert.Equal(t, run.out, h.Payloads("out"))
		assert.Equal(t, run.dup, h.Payloads("dup"))
	}
}

func TestDedupeWithoutStoreFailsTheRun(t *testing.T) {
	h := newHarness(t)
	rec := h.run(dedupeFlow(`[1]`))
	assert.Equal(t, runtime.StatusFailed, rec.Status)
	assert.Contains(t, rec.Error, `node "d": the dedupe node needs a state store`)
}

func TestDedupeBadKey(t *testing.T) {
	h := newHarness(t)
	registry.Provide(h.services, control.StateKey, control.StateStore(&control.MemoryStore{}))
	requireOK(t, h.run(dedupeFlow(`[{"id": 1}, {}, {"id": 1}]`, "key", "$.id")))
	assert.Len(t, h.Payloads("out"), 1)
	assert.Len(t, h.Payloads("dup"), 1)
	errs := h.Payloads("errors")
	require.Len(t, errs, 1)
	assert.Equal(t, "the key is empty", errs[0].(map[string]any)["error"])
}

func TestDedupeScopes(t *testing.T) {
	shared := &control.MemoryStore{}
	for i, tt := range []struct {
		scope string
		out   int
	}{{"", 1}, {"", 0}, {"other", 1}, {"other", 0}} {
		h := newHarness(t)
		registry.Provide(h.services, control.StateKey, control.StateStore(shared))
		kv := []any{"key", "id"}
		if tt.scope != "" {
			kv = append(kv, "scope", tt.scope)
		}
		requireOK(t, h.run(dedupeFlow(`{"id": 7}`, kv...)))
		assert.Len(t, h.Payloads("out"), tt.out, "run %d", i)
	}
}

func TestStateStores(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	stores := map[string]func(t *testing.T) control.StateStore{
		"memory":  func(*testing.T) control.StateStore { return &control.MemoryStore{} },
		"kvstore": func(t *testing.T) control.StateStore { return openState(t, filepath.Join(t.TempDir(), "s.db")) },
		"scoped": func(*testing.T) control.StateStore {
			return control.Scoped(&control.MemoryStore{}, "flow-1")
		},
	}
	for name, open := range stores {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			ctx := context.Background()
			for i, st := range []struct {
				scope, key string
				at         time.Duration
				want       bool
			}{
				{"a", "k", 0, false}, {"a", "k", time.Minute, true}, {"b", "k", time.Minute, false},
				{"a", "k", time.Hour, false}, {"a", "k", time.Hour, true},
			} {
				got, err := s.SeenBefore(ctx, st.scope, st.key, time.Hour, t0.Add(st.at))
				require.NoError(t, err)
				assert.Equal(t, st.want, got, "step %d", i)
			}
		})
	}
}

func TestScopedKeepsFlowsApart(t *testing.T) {
	ctx := context.Background()
	mem := &control.MemoryStore{}
	now := time.Now()
	seen, err := control.Scoped(mem, "flow-1").SeenBefore(ctx, "n1", "k", time.Hour, now)
	require.NoError(t, err)
	assert.False(t, seen)
	seen, err = control.Scoped(mem, "flow-2").SeenBefore(ctx, "n1", "k", time.Hour, now)
	require.NoError(t, err)
	assert.False(t, seen, "another flow's node n1 has its own keys")
	seen, err = mem.SeenBefore(ctx, "flow-1/n1", "k", time.Hour, now)
	require.NoError(t, err)
	assert.True(t, seen)
}

func TestDedupeStoreErrorGoesToErrorPort(t *testing.T) {
	s, err := kvstore.Open(filepath.Join(t.TempDir(), "state.db"))
	require.NoError(t, err)
	require.NoError(t, s.Close()) // every call now fails
	h := newHarness(t)
	registry.Provide(h.services, control.StateKey, control.StateStore(s))
	requireOK(t, h.run(dedupeFlow(`[1, 2]`)))
	assert.Empty(t, h.Payloads("out"))
	errs := h.Payloads("errors")
	require.Len(t, errs, 2, "the flow keeps running")
	assert.Contains(t, errs[0].(map[string]any)["error"], "dedupe: ")
}

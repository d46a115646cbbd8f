package ops_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/app/ops"
	"github.com/weftworks/weft/engine/runtime"
)

const (
	hookIn   = `weft_node_messages_in_total{flow="f",node="hook",type="http.webhook"}`
	hookOut  = `weft_node_messages_out_total{flow="f",node="hook",type="http.webhook"}`
	mapIn    = `weft_node_messages_in_total{flow="f",node="map",type="core.script"}`
	mapOut   = `weft_node_messages_out_total{flow="f",node="map",type="core.script"}`
	mapErrs  = `weft_node_errors_total{flow="f",node="map",type="core.script"}`
	mapCount = `weft_node_run_duration_seconds_count{flow="f",node="map",type="core.script"}`
	mapSum   = `weft_node_run_duration_seconds_sum{flow="f",node="map",type="core.script"}`
	started  = `weft_runs_started_total{flow="f"}`
	active   = `weft_runs_active{flow="f"}`
	okEnded  = `weft_runs_ended_total{flow="f",status="succeeded"}`
	badEnded = `weft_runs_ended_total{flow="f",status="failed"}`
)

// snap builds a snapshot of run id with the hook having emitted hook
// messages and the script having taken in, emitted out and failed errs.
func snap(id, status string, hook, in, out, errs int64) *runtime.Record {
	nodeStatus := runtime.NodeRunning
	if status != runtime.StatusRunning {
		nodeStatus = runtime.NodeDone
	}
	return record(id, status, map[string]*runtime.NodeRecord{
		"hook": node("http.webhook", nodeStatus, 0, hook, 0, 2500),
		"map":  node("core.script", nodeStatus, in, out, errs, 1500),
	})
}

func TestCollectorCountsEachChangeOnce(t *testing.T) {
	tests := []struct {
		name  string
		snaps []*runtime.Record
		want  map[string]float64
	}{
		{"one snapshot", []*runtime.Record{snap("r1", runtime.StatusRunning, 3, 2, 1, 1)},
			map[string]float64{started: 1, active: 1, hookOut: 3, mapIn: 2, mapOut: 1, mapErrs: 1}},
		{"the same snapshot three times", []*runtime.Record{
			snap("r1", runtime.StatusRunning, 3, 2, 1, 1), snap("r1", runtime.StatusRunning, 3, 2, 1, 1),
			snap("r1", runtime.StatusRunning, 3, 2, 1, 1)},
			map[string]float64{started: 1, active: 1, hookOut: 3, mapIn: 2, mapOut: 1, mapErrs: 1}},
		{"growing snapshots add only the difference", []*runtime.Record{
			snap("r1", runtime.StatusRunning, 1, 1, 0, 0), snap("r1", runtime.StatusRunning, 4, 3, 2, 1)},
			map[string]float64{started: 1, active: 1, hookOut: 4, mapIn: 3, mapOut: 2, mapErrs: 1}},
		{"an older snapshot after a newer one adds nothing", []*runtime.Record{
			snap("r1", runtime.StatusRunning, 4, 3, 2, 1), snap("r1", runtime.StatusRunning, 1, 1, 0, 0)},
			map[string]float64{started: 1, active: 1, hookOut: 4, mapIn: 3, mapOut: 2, mapErrs: 1}},
		{"final snapshot twice ends the run once", []*runtime.Record{
			snap("r1", runtime.StatusRunning, 1, 1, 1, 0), snap("r1", runtime.StatusSucceeded, 2, 2, 2, 0),
			snap("r1", runtime.StatusSucceeded, 2, 2, 2, 0)},
			map[string]float64{started: 1, active: 0, okEnded: 1, hookOut: 2, mapIn: 2, mapOut: 2, mapErrs: 0,
				mapCount: 1, mapSum: 1.5}},
		{"two runs of one flow add up", []*runtime.Record{
			snap("r1", runtime.StatusSucceeded, 2, 2, 2, 0), snap("r2", runtime.StatusRunning, 1, 1, 0, 0),
			snap("r2", runtime.StatusFailed, 1, 1, 0, 1)},
			map[string]float64{started: 2, active: 0, okEnded: 1, badEnded: 1, hookOut: 3, mapIn: 3, mapOut: 2,
				mapErrs: 1, mapCount: 2, mapSum: 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ops.NewCollector(nil)
			for _, s := range tt.snaps {
				c.Observe(s)
			}
			got := scrape(t, c)
			for k, v := range tt.want {
				assert.Equal(t, v, got[k], k)
			}
			assert.Zero(t, got[hookIn], "the trigger received nothing")
		})
	}
}

func TestCollectorRunning(t *testing.T) {
	c := ops.NewCollector(nil)
	assert.Equal(t, 0, c.Running())
	c.Observe(snap("r1", runtime.StatusRunning, 0, 0, 0, 0))
	c.Observe(snap("r2", runtime.StatusRunning, 0, 0, 0, 0))
	assert.Equal(t, 2, c.Running())
	c.Observe(snap("r1", runtime.StatusCancelled, 0, 0, 0, 0))
	assert.Equal(t, 1, c.Running())
	c.Observe(snap("r1", runtime.StatusRunning, 0, 0, 0, 0))
	assert.Equal(t, 1, c.Running(), "a late snapshot of an ended run does not restart it")
}

// fakeBacklog is a Backlog with fixed answers.
type fakeBacklog struct {
	spool, dead int64
	err         error
}

func (f fakeBacklog) SpoolDepth() (int64, error)  { return f.spool, f.err }
func (f fakeBacklog) DeadLetters() (int64, error) { return f.dead, nil }

func TestCollectorBacklogGauges(t *testing.T) {
	c := ops.NewCollector(nil)
	got := scrape(t, c)
	assert.NotContains(t, got, "weft_spool_depth", "no spool yet: no gauge rather than a made-up zero")
	assert.NotContains(t, got, "weft_dead_letters")

	c.SetBacklog(fakeBacklog{spool: 7, dead: 2})
	got = scrape(t, c)
	assert.Equal(t, 7.0, got["weft_spool_depth"])
	assert.Equal(t, 2.0, got["weft_dead_letters"])

	c.SetBacklog(fakeBacklog{dead: 3, err: errors.New("spool closed")})
	got = scrape(t, c)
	assert.NotContains(t, got, "weft_spool_depth", "a failing source is left out")
	assert.Equal(t, 3.0, got["weft_dead_letters"], "the rest is still served")
}

func TestCollectorRegistryIsItsOwn(t *testing.T) {
	a, b := ops.NewCollector(nil), ops.NewCollector(nil)
	a.Observe(snap("r1", runtime.StatusRunning, 1, 0, 0, 0))
	assert.Equal(t, 1.0, scrape(t, a)[started])
	assert.NotContains(t, scrape(t, b), started, "collectors share no registry")
}

// logLines decodes JSON log lines.
func logLines(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(l), &m), l)
		out = append(out, m)
	}
	return out
}

func TestCollectorLogsRunsAndFailuresWithIDs(t *testing.T) {
	var buf bytes.Buffer
	log, err := ops.NewLogger(&buf, ops.FormatJSON, slog.LevelInfo)
	require.NoError(t, err)
	c := ops.NewCollector(log)
	failed := runtime.Sample{Port: "error", MessageID: "m-7", Payload: map[string]any{"error": "boom"}}
	first := snap("r1", runtime.StatusRunning, 1, 1, 0, 1)
	first.Nodes["map"].Emitted = []runtime.Sample{{Port: "out", MessageID: "m-6"}, failed}
	c.Observe(first)
	c.Observe(first)
	end := snap("r1", runtime.StatusFailed, 1, 1, 0, 1)
	end.Error = `node "map": boom`
	c.Observe(end)

	lines := logLines(t, &buf)
	require.Len(t, lines, 3, buf.String())
	assert.Equal(t, map[string]any{"msg": "run started", "run_id": "r1", "flow_id": "f"},
		pick(lines[0], "msg", "run_id", "flow_id"))
	assert.Equal(t, map[string]any{"level": "WARN", "msg": "node failed messages", "run_id": "r1", "node": "map", "message_id": "m-7"},
		pick(lines[1], "level", "msg", "run_id", "node", "message_id"))
	assert.Equal(t, map[string]any{"level": "ERROR", "msg": "run ended", "run_id": "r1", "status": "failed", "error": `node "map": boom`},
		pick(lines[2], "level", "msg", "run_id", "status", "error"))
}

func pick(m map[string]any, keys ...string) map[string]any {
	out := map[string]any{}
	for _, k := range keys {
		if v, ok := m[k]; ok {
			out[k] = v
		}
	}
	return out
}

func TestNewLoggerFormats(t *testing.T) {
	for _, f := range []string{ops.FormatJSON, ops.FormatText} {
		var buf bytes.Buffer
		log, err := ops.NewLogger(&buf, f, slog.LevelInfo)
		require.NoError(t, err, f)
		log.Info("hello", ops.KeyRunID, "r1")
		assert.Contains(t, buf.String(), "r1", f)
	}
	_, err := ops.NewLogger(nil, "yaml", slog.LevelInfo)
	assert.ErrorIs(t, err, ops.ErrLogFormat)
}

func TestCollectorLogsEachFailedMessageIDOnce(t *testing.T) {
	var buf bytes.Buffer
	log, err := ops.NewLogger(&buf, ops.FormatJSON, slog.LevelWarn)
	require.NoError(t, err)
	c := ops.NewCollector(log)
	fail := func(id string) runtime.Sample { return runtime.Sample{Port: "error", MessageID: id} }
	s1 := snap("r1", runtime.StatusRunning, 2, 2, 0, 2)
	s1.Nodes["map"].Emitted = []runtime.Sample{fail("m-1"), fail("m-2")}
	c.Observe(s1)
	s2 := snap("r1", runtime.StatusRunning, 3, 3, 0, 3)
	s2.Nodes["map"].Emitted = []runtime.Sample{fail("m-1"), fail("m-2"), fail("m-3")}
	c.Observe(s2)

	lines := logLines(t, &buf)
	require.Len(t, lines, 2, buf.String())
	assert.Equal(t, []any{"m-1", "m-2"}, lines[0]["message_ids"])
	assert.Equal(t, 2.0, lines[0]["failed"])
	assert.Equal(t, "m-3", lines[1]["message_id"], "only the newly failed message")
	assert.Equal(t, 1.0, lines[1]["failed"])
}

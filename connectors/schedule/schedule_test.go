package schedule_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/connectors/core"
	"github.com/weftworks/weft/connectors/schedule"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
	"github.com/weftworks/weft/engine/spec"
)

// gate is a test node that calls fn for each message it receives.
type gate struct {
	fn func(ctx context.Context, m *message.Message)
}

func (g gate) Run(ctx context.Context, nio registry.IO) error {
	for {
		in, ok := nio.Receive(ctx)
		if !ok {
			return nil
		}
		g.fn(ctx, in.Msg)
	}
}

type result struct {
	rec   *runtime.Record
	mu    sync.Mutex
	msgs  []*message.Message // what reached the sink
	debug []any              // what the schedule node debugged
}

func (r *result) payloads() []map[string]any {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []map[string]any
	for _, m := range r.msgs {
		out = append(out, jsoncodec.Plain(jsoncodec.CloneValue(m.Payload)).(map[string]any))
	}
	return out
}

// run runs schedule → sink until the schedule stops (cfg must set a limit);
// hold, when set, runs for each message in the sink before it returns.
func run(t *testing.T, cfg map[string]any, hold func(ctx context.Context, m *message.Message), onDebug func(any)) *result {
	t.Helper()
	return runWith(t, cfg, hold, onDebug, nil)
}

// runWith is run with the host services sv.
func runWith(t *testing.T, cfg map[string]any, hold func(ctx context.Context, m *message.Message), onDebug func(any), sv registry.Services) *result {
	t.Helper()
	res := &result{}
	r := registry.New()
	require.NoError(t, core.Register(r))
	require.NoError(t, schedule.Register(r))
	require.NoError(t, r.Register(spec.Spec{Type: "test.sink", Title: "Sink", Category: spec.Action, Inputs: []spec.Port{{Name: "in"}}},
		func(flow.Node, map[string]any) (registry.Node, error) {
			return gate{fn: func(ctx context.Context, m *message.Message) {
				res.mu.Lock()
				res.msgs = append(res.msgs, m)
				res.mu.Unlock()
				if hold != nil {
					hold(ctx, m)
				}
			}}, nil
		}))
	f := &flow.Flow{FormatVersion: flow.FormatVersion, ID: "f", Name: "f",
		Nodes: []flow.Node{{ID: "tick", Type: "schedule.trigger", Config: cfg}, {ID: "sink", Type: "test.sink"}},
		Edges: []flow.Edge{{ID: "e", From: flow.PortRef{Node: "tick", Port: "out"}, To: flow.PortRef{Node: "sink", Port: "in"}}}}
	plan, err := runtime.Compile(f, r)
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res.rec = plan.Run(ctx, runtime.Options{Services: sv, OnDebug: func(node string, m *message.Message) {
		if node == "tick" && onDebug != nil {
			onDebug(m.Payload)
		}
	}})
	require.Equal(t, runtime.StatusSucceeded, res.rec.Status, res.rec.Error)
	return res
}

func TestInterval(t *testing.T) {
	res := run(t, map[string]any{"mode": "interval", "intervalMs": 10.0, "limit": 3.0}, nil, nil)
	got := res.payloads()
	require.Len(t, got, 3)
	for i, p := range got {
		assert.Equal(t, float64(i+1), p["count"])
		assert.Equal(t, 0.0, p["skipped"])
		_, err := time.Parse(time.RFC3339Nano, p["time"].(string))
		assert.NoError(t, err)
	}
	assert.Less(t, got[0]["unixMs"], got[2]["unixMs"])
}

// A cron expression with seconds fires on whole seconds, in the zone.
func TestCronWithSecondsAndZone(t *testing.T) {
	res := run(t, map[string]any{"cron": "* * * * * *", "timezone": "Asia/Kolkata", "limit": 2.0}, nil, nil)
	got := res.payloads()
	require.Len(t, got, 2)
	for _, p := range got {
		assert.True(t, strings.HasSuffix(p["time"].(string), "+05:30"), p["time"])
		assert.Equal(t, 0.0, float64(int64(p["unixMs"].(float64))%1000), "whole seconds")
	}
	assert.Greater(t, got[1]["unixMs"], got[0]["unixMs"])
	assert.Equal(t, got[0]["time"], res.msgs[0].Meta[schedule.TimeMeta])
}

func TestCustomPayload(t *testing.T) {
	res := run(t, map[string]any{"mode": "interval", "intervalMs": 10.0, "limit": 2.0, "payload": `{"job": "sync", "at": 1}`, "skipIfRunning": false}, nil, nil)
	assert.Equal(t, []map[string]any{{"job": "sync", "at": 1.0}, {"job": "sync", "at": 1.0}}, res.payloads())
	b, err := json.Marshal(res.msgs[1].Payload)
	require.NoError(t, err)
	assert.Equal(t, `{"job":"sync","at":1}`, string(b), "each tick's payload keeps the typed key order")
}

// While the sink holds the first tick's message, ticks are skipped; the
// next message counts them.
func TestSkipIfRunning(t *testing.T) {
	skipped := make(chan struct{})
	var once sync.Once
	first := true
	hold := func(ctx context.Context, _ *message.Message) {
		if first {
			first = false
			select {
			case <-skipped:
			case <-ctx.Done():
			}
		}
	}
	res := run(t, map[string]any{"mode": "interval", "intervalMs": 10.0, "limit": 2.0}, hold, func(p any) {
		assert.Equal(t, "the previous tick's work is still going", p.(map[string]any)["reason"])
		once.Do(func() { close(skipped) })
	})
	got := res.payloads()
	require.Len(t, got, 2)
	assert.Equal(t, 2.0, got[1]["count"])
	assert.GreaterOrEqual(t, got[1]["skipped"], 1.0)
	assert.Equal(t, strconv.FormatFloat(got[1]["skipped"].(float64), 'f', -1, 64), res.msgs[1].Meta[schedule.SkippedMeta])
}

func TestConfigErrors(t *testing.T) {
	tests := map[string]struct {
		cfg  map[string]any
		want string
	}{
		"bad cron":     {map[string]any{"cron": "61 * * * * *"}, `field "cron": `},
		"bad zone":     {map[string]any{"cron": "@hourly", "timezone": "Mars/Base"}, `field "timezone": unknown time zone "Mars/Base"`},
		"zone in cron": {map[string]any{"cron": "CRON_TZ=UTC * * * * *"}, `field "cron": set the time zone in the Time zone field`},
		"bad payload":  {map[string]any{"payload": "{"}, `field "payload": invalid JSON`},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			r := registry.New()
			require.NoError(t, schedule.Register(r))
			_, err := r.Build(flow.Node{ID: "tick", Type: "schedule.trigger", Config: tt.cfg})
			assert.ErrorContains(t, err, tt.want)
		})
	}
}

func TestValidConfigs(t *testing.T) {
	for _, cfg := range []map[string]any{
		{}, {"cron": "@hourly"}, {"cron": "*/5 * * * *"}, {"cron": "0 30 8 * * MON-FRI", "timezone": "America/New_York"},
		{"mode": "interval", "intervalMs": 250.0, "skipIfRunning": false},
	} {
		r := registry.New()
		require.NoError(t, schedule.Register(r))
		_, err := r.Build(flow.Node{ID: "tick", Type: "schedule.trigger", Config: cfg})
		assert.NoError(t, err, "%v", cfg)
	}
}

// everyOther is a Lease held at every other tick.
type everyOther struct {
	mu    sync.Mutex
	asked []string
}

func (l *everyOther) Held(_ context.Context, node string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.asked = append(l.asked, node)
	return len(l.asked)%2 == 0
}

func TestLeaseGatesTicks(t *testing.T) {
	lease := &everyOther{}
	sv := registry.Services{}
	registry.Provide[schedule.Lease](sv, schedule.LeaseKey, lease)
	res := runWith(t, map[string]any{"mode": "interval", "intervalMs": 10.0, "limit": 2.0, "skipIfRunning": false}, nil, nil, sv)
	got := res.payloads()
	require.Len(t, got, 2)
	assert.Equal(t, []float64{1, 2}, []float64{got[0]["count"].(float64), got[1]["count"].(float64)},
		"only the ticks whose lease was held fired")
	assert.Equal(t, []string{"tick", "tick", "tick", "tick"}, lease.asked, "the lease is asked at each tick, by node id")
}

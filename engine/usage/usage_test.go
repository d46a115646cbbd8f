package usage_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/weftworks/weft/engine/runtime"
	"github.com/weftworks/weft/engine/usage"
)

func openUsage(t *testing.T) *usage.Store {
	t.Helper()
	db, err := bolt.Open(filepath.Join(t.TempDir(), "weft.db"), 0o600, nil)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, db.Close()) })
	return usage.New(db)
}

var t0 = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

// record is a run of flow f ending at end, whose node "map" sent out
// messages (each sampled payload {"a":1}, 7 bytes of JSON) with errs errors.
func record(f string, end time.Time, out, errs int64, status string) *runtime.Record {
	return &runtime.Record{ID: "r", FlowID: f, Status: status, StartedAt: end.Add(-200 * time.Millisecond).UnixMilli(), EndedAt: end.UnixMilli(),
		Nodes: map[string]*runtime.NodeRecord{
			"map": {Out: out, Errors: errs, DurationMs: 150, Emitted: []runtime.Sample{{Payload: map[string]any{"a": 1.0}}}},
		}}
}

func TestAddKeepsMinuteHourAndDaySeries(t *testing.T) {
	s := openUsage(t)
	require.NoError(t, s.Add(record("f1", t0.Add(10*time.Second), 4, 0, runtime.StatusSucceeded)))
	require.NoError(t, s.Add(record("f1", t0.Add(50*time.Second), 6, 2, runtime.StatusFailed)))
	require.NoError(t, s.Add(record("f1", t0.Add(70*time.Minute), 1, 0, runtime.StatusSucceeded)))
	require.NoError(t, s.Add(record("f2", t0, 100, 0, runtime.StatusSucceeded)))

	minutes, err := s.Series("f1", usage.Minute, 0)
	require.NoError(t, err)
	require.Len(t, minutes, 4, "two minutes, each with the flow and its node")
	first := minutes[0]
	assert.Equal(t, t0.UnixMilli(), first.Start)
	assert.Equal(t, "", first.Node)
	assert.Equal(t, usage.Counters{Runs: 2, FailedRuns: 1, Messages: 10, Bytes: 70, Errors: 2, DurationMs: 400, MaxDurationMs: 200}, first.Counters)
	assert.Equal(t, "map", minutes[1].Node)
	assert.Equal(t, int64(10), minutes[1].Messages)

	hours, err := s.Series("f1", usage.Hour, 0)
	require.NoError(t, err)
	require.Len(t, hours, 4)
	assert.Equal(t, int64(2), hours[0].Runs)
	assert.Equal(t, int64(1), hours[2].Runs)

	total, err := s.Total("f1", 0)
	require.NoError(t, err)
	assert.Equal(t, int64(3), total.Runs)
	assert.Equal(t, int64(11), total.Messages)

	later, err := s.Series("f1", usage.Minute, t0.Add(time.Hour).UnixMilli())
	require.NoError(t, err)
	assert.Len(t, later, 2, "since filters by start")
	none, err := s.Series("nope", usage.Day, 0)
	require.NoError(t, err)
	assert.Empty(t, none)
}

func TestOldFinePointsAreDropped(t *testing.T) {
	s := openUsage(t)
	require.NoError(t, s.Add(record("f1", t0, 1, 0, runtime.StatusSucceeded)))
	require.NoError(t, s.Add(record("f1", t0.Add(72*time.Hour), 1, 0, runtime.StatusSucceeded)))
	minutes, err := s.Series("f1", usage.Minute, 0)
	require.NoError(t, err)
	require.Len(t, minutes, 2, "the minute three days ago is gone")
	assert.Equal(t, t0.Add(72*time.Hour).UnixMilli(), minutes[0].Start)
	days, err := s.Series("f1", usage.Day, 0)
	require.NoError(t, err)
	assert.Len(t, days, 4, "day points stay")
}

func TestPrices(t *testing.T) {
	p := usage.Prices{PerRun: 0.01, PerMessage: 0.001, PerGB: 2, MonthlyBudget: 10}
	cost := p.Cost(usage.Counters{Runs: 100, Messages: 1000, Bytes: 500_000_000})
	assert.InDelta(t, 1+1+1, cost, 1e-9)
	assert.InDelta(t, 0.3, p.BudgetUsed(cost), 1e-9)
	assert.Zero(t, usage.Prices{}.BudgetUsed(5))
	_, err := usage.ParseResolution("week")
	assert.Error(t, err)
}

package app_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/app"
	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/mapping"
	"github.com/weftworks/weft/engine/runtime"
)

func mappingOf(expr string) mapping.Mapping {
	return mapping.Mapping{Fields: []mapping.Field{{Target: "out", Expr: expr}}}
}

// runHello saves the hello flow with code and runs it to its end.
func runHello(t *testing.T, svc *app.Service, code string) (flowID string, rec *runtime.Record) {
	t.Helper()
	res, err := svc.SaveFlow(helloFlow(code))
	require.NoError(t, err)
	id, err := svc.StartRun(res.Flow.ID)
	require.NoError(t, err)
	return res.Flow.ID, waitRun(t, svc, id)
}

func TestFindRunsFilters(t *testing.T) {
	svc, _ := newService(t)
	flowID, ok1 := runHello(t, svc, helloCode)
	f, err := svc.GetFlow(flowID)
	require.NoError(t, err)
	f.Nodes[1].Config["code"] = `throw new Error("no " + msg.name)`
	_, err = svc.SaveFlow(*f)
	require.NoError(t, err)
	failedID, err := svc.StartRun(flowID)
	require.NoError(t, err)
	failed := waitRun(t, svc, failedID)
	require.Equal(t, runtime.StatusFailed, failed.Status)

	all, err := svc.FindRuns(flowID, app.RunFilter{})
	require.NoError(t, err)
	require.Len(t, all, 2)
	assert.Equal(t, failedID, all[0].ID, "newest first")
	assert.EqualValues(t, 6, all[1].Messages, "2 out of each of the three nodes")
	assert.Zero(t, all[1].Errors)
	assert.Contains(t, all[0].Error, "no Ada")

	got, err := svc.FindRuns(flowID, app.RunFilter{Status: "failed"})
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, failedID, got[0].ID)

	got, err = svc.FindRuns(flowID, app.RunFilter{To: ok1.StartedAt})
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, ok1.ID, got[0].ID)
	got, err = svc.FindRuns(flowID, app.RunFilter{From: failed.StartedAt + 1})
	require.NoError(t, err)
	assert.Empty(t, got)
	got, err = svc.FindRuns(flowID, app.RunFilter{Limit: 1})
	require.NoError(t, err)
	assert.Len(t, got, 1)

	_, err = svc.FindRuns(flowID, app.RunFilter{Status: "great"})
	assert.ErrorContains(t, err, `unknown run status "great"`)
}

func TestPinOutputThenRunFrom(t *testing.T) {
	svc, _ := newService(t)
	flowID, rec := runHello(t, svc, helloCode)
	require.Equal(t, runtime.StatusSucceeded, rec.Status, rec.Error)

	pinned, err := svc.PinOutput(rec.ID, "n1")
	require.NoError(t, err)
	require.Len(t, pinned, 1)
	assert.Equal(t, "n2", pinned[0].NodeID, "the output of n1 is the input sample of n2")
	assert.Equal(t, "pinned n1", pinned[0].Name)
	assert.JSONEq(t, `[{"name":"Ada"},{"name":"Grace"}]`, pinned[0].Text)
	listed, err := svc.ListSamples(flowID, "n2")
	require.NoError(t, err)
	require.Len(t, listed, 1, "the pin is saved")

	// Edit the pinned data, then re-run from n2 on it: n1 does not run.
	listed[0].Text = `[{"name":"Linus"}]`
	_, err = svc.SaveSample(listed[0])
	require.NoError(t, err)
	runID, err := svc.RunFrom(flowID, "n2", "pinned n1")
	require.NoError(t, err)
	again := waitRun(t, svc, runID)
	require.Equal(t, runtime.StatusSucceeded, again.Status, again.Error)
	assert.NotContains(t, again.Nodes, "n1")
	require.Len(t, again.Nodes["n3"].Received, 1)
	b, err := json.Marshal(again.Nodes["n3"].Received[0].Payload)
	require.NoError(t, err)
	assert.Equal(t, `{"name":"Linus","greeting":"Hello, Linus"}`, string(b), "the pinned sample keeps its key order")
	runs, err := svc.FindRuns(flowID, app.RunFilter{})
	require.NoError(t, err)
	assert.Len(t, runs, 2, "a re-run is in the flow's history")
}

func TestPinOutputAndRunFromRefuse(t *testing.T) {
	svc, _ := newService(t)
	flowID, rec := runHello(t, svc, helloCode)
	_, err := svc.PinOutput(rec.ID, "n3")
	assert.ErrorContains(t, err, "emitted no whole message to a wired port", "the debug node feeds nothing")
	_, err = svc.PinOutput(rec.ID, "zz")
	assert.ErrorIs(t, err, app.ErrNotFound)
	_, err = svc.PinOutput("no-such-run", "n1")
	assert.ErrorIs(t, err, app.ErrNotFound)

	_, err = svc.RunFrom(flowID, "n2", "nothing pinned")
	assert.ErrorIs(t, err, app.ErrPinnedNotFound)
	_, err = svc.RunFrom(flowID, "n1", "x")
	assert.ErrorContains(t, err, "has no input")
	_, err = svc.RunFrom(flowID, "zz", "x")
	assert.ErrorIs(t, err, app.ErrNotFound)
	_, err = svc.SaveSample(app.Sample{FlowID: flowID, NodeID: "n2", Name: "bad", Format: "json", Text: "[{"})
	require.NoError(t, err)
	_, err = svc.RunFrom(flowID, "n2", "bad")
	assert.ErrorContains(t, err, `sample "bad"`)
}

// progressOf collects the progress events of task until it ends.
func progressOf(t *testing.T, events <-chan app.Event, task string, onFirst func()) []app.Progress {
	t.Helper()
	var got []app.Progress
	for {
		select {
		case e := <-events:
			p, ok := e.Data.(app.Progress)
			if e.Name != "progress" || !ok || p.Task != task {
				continue
			}
			if len(got) == 0 && onFirst != nil {
				onFirst()
			}
			got = append(got, p)
			if p.State != "running" {
				return got
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("task %s did not end", task)
		}
	}
}

func TestExportReportsProgress(t *testing.T) {
	svc, hub := newService(t)
	events, stop := hub.Subscribe()
	defer stop()
	res, err := svc.SaveFlow(helloFlow(helloCode))
	require.NoError(t, err)
	_, err = svc.ExportBundle(app.ExportRequest{FlowIDs: []string{res.Flow.ID}, Name: "x", Version: "1.0.0", Task: "t1"})
	require.NoError(t, err)
	got := progressOf(t, events, "t1", nil)
	require.Len(t, got, 4, "one step per flow, build, sign, then the end")
	assert.Equal(t, app.Progress{Task: "t1", Label: "export", Done: 0, Total: 3, State: "running"}, got[0])
	assert.Equal(t, "done", got[3].State)
}

func TestPreviewCanBeCancelled(t *testing.T) {
	svc, hub := newService(t)
	events, stop := hub.Subscribe()
	defer stop()
	// 4,000 records that each take 2ms: 8 s unless cancelled.
	m := mappingOf(`(() => { const t = Date.now(); while (Date.now() - t < 2) {} return $.i })()`)
	samples := strings.Repeat("{\"i\":1}\n", 4000)
	done := make(chan error, 1)
	go func() {
		_, err := svc.PreviewMapping(app.PreviewRequest{Mapping: m, Samples: samples, Format: "ndjson", Limit: 4000, Task: "p1"})
		done <- err
	}()
	got := progressOf(t, events, "p1", func() { require.NoError(t, svc.CancelTask("p1")) })
	assert.Equal(t, "cancelled", got[len(got)-1].State)
	assert.ErrorIs(t, <-done, app.ErrCancelled)
	require.NoError(t, svc.CancelTask("p1"), "cancelling ended work does nothing")
}

func TestPreviewInChunksMatchesOnePreview(t *testing.T) {
	svc, _ := newService(t)
	m := mappingOf(`$.i * 2`)
	var b strings.Builder
	records := make([]any, 600)
	for i := range records {
		if i%3 == 0 {
			b.WriteString(`{"i":"x"}` + "\n")
			records[i], _ = jsoncodec.DecodeJSON(`{"i":"x"}`)
			continue
		}
		b.WriteString(`{"i":` + strconv.Itoa(i) + "}\n")
		records[i], _ = jsoncodec.DecodeJSON(`{"i":` + strconv.Itoa(i) + "}")
	}
	chunked, err := svc.PreviewMapping(app.PreviewRequest{Mapping: m, Samples: b.String(), Format: "ndjson", Limit: 600, Task: "c"})
	require.NoError(t, err)
	whole := mapping.Preview(context.Background(), &m, records)
	assert.Equal(t, whole, chunked.PreviewResult, "the previewChunk steps give what one Preview gives")
	assert.Len(t, chunked.Records, 600)
}

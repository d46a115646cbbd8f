package file_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
	"github.com/weftworks/weft/engine/runtime/runtimetest"
)

func watchNode(dir string, cfg map[string]any) flow.Node {
	c := map[string]any{"dir": dir, "pollMs": 10.0, "settleMs": 30.0}
	for k, v := range cfg {
		c[k] = v
	}
	return flow.Node{ID: "watch", Type: "file.watch", Config: c}
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// Files there before the start and files arriving later are read, then
// moved by outcome: processed/ when every record went through, failed/
// when one failed.
func TestWatchMovesByOutcome(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.csv"), "id\n1\n2\n")
	writeFile(t, filepath.Join(dir, "b.csv"), "id,x\n1,2\n3\n")
	writeFile(t, filepath.Join(dir, "skip.txt"), "not matched")
	writeFile(t, filepath.Join(dir, "processed", "a.csv"), "an older a.csv")
	f := newFlow([]flow.Node{watchNode(dir, map[string]any{"pattern": "*.csv"}),
		{ID: "read", Type: "file.read", Config: map[string]any{"path": "{{path}}", "format": "csv"}}, debug("out"), debug("err")},
		"watch->read", "read->out", "read:error->err")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	type result struct {
		rec *runtime.Record
		d   *runtimetest.Collector
	}
	done := make(chan result)
	go func() {
		rec, d := runFlow(t, ctx, f, runtime.Options{})
		done <- result{rec, d}
	}()
	require.Eventually(t, func() bool {
		return exists(filepath.Join(dir, "processed", "a.csv")) && exists(filepath.Join(dir, "failed", "b.csv"))
	}, 10*time.Second, 10*time.Millisecond)
	writeFile(t, filepath.Join(dir, "c.csv"), "id\n9\n")
	require.Eventually(t, func() bool { return exists(filepath.Join(dir, "processed", "c.csv")) }, 10*time.Second, 10*time.Millisecond)
	cancel()
	r := <-done

	assert.Equal(t, runtime.StatusCancelled, r.rec.Status)
	assert.ElementsMatch(t, []any{obj("id", "1"), obj("id", "2"), obj("id", "1", "x", "2"), obj("id", "9")}, r.d.Payloads("out"))
	assert.Len(t, r.d.Payloads("err"), 1)
	assert.True(t, exists(filepath.Join(dir, "skip.txt")), "names not matching the pattern are left alone")
	assert.False(t, exists(filepath.Join(dir, "a.csv")))
	assert.Equal(t, "an older a.csv", readFile(t, filepath.Join(dir, "processed", "a.csv")), "a name taken is not overwritten")
	moved, err := filepath.Glob(filepath.Join(dir, "processed", "a-*.csv"))
	require.NoError(t, err)
	require.Len(t, moved, 1)
	assert.Equal(t, "id\n1\n2\n", readFile(t, moved[0]))
}

// A file that cannot be moved is reported in the debug output, left in
// place and not emitted again.
func TestWatchReportsMoveErrors(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(t.TempDir(), "file")
	writeFile(t, blocker, "")
	writeFile(t, filepath.Join(dir, "a.txt"), "x")
	f := newFlow([]flow.Node{watchNode(dir, map[string]any{"processedDir": blocker + "/sub"}), debug("out")}, "watch->out")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan *runtimetest.Collector)
	reported := make(chan struct{}, 10)
	go func() {
		_, d := runFlow(t, ctx, f, runtime.Options{OnDebug: func(id string, _ *message.Message) {
			if id == "watch" {
				reported <- struct{}{}
			}
		}})
		done <- d
	}()
	<-reported
	time.Sleep(100 * time.Millisecond) // more scans, which must not emit the file again
	cancel()
	d := <-done
	assert.Len(t, d.Payloads("out"), 1)
	require.Len(t, d.Payloads("watch"), 1)
	assert.Contains(t, d.Payloads("watch")[0].(map[string]any)["error"], "not a directory")
	assert.True(t, exists(filepath.Join(dir, "a.txt")))
}

// A file whose work is cut short by the end of the run stays where it is,
// to be picked up at the next start.
func TestWatchLeavesCancelledFiles(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.json"), "{}")
	got := make(chan struct{}, 1)
	testNodes.Store("block", func(ctx context.Context, _ *message.Message) {
		got <- struct{}{}
		<-ctx.Done()
	})
	f := newFlow([]flow.Node{watchNode(dir, nil), {ID: "block", Type: "test.func"}}, "watch->block")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan *runtime.Record)
	go func() {
		rec, _ := runFlow(t, ctx, f, runtime.Options{})
		done <- rec
	}()
	<-got
	cancel()
	rec := <-done
	assert.Equal(t, runtime.StatusCancelled, rec.Status)
	assert.True(t, exists(filepath.Join(dir, "a.json")))
	assert.False(t, exists(filepath.Join(dir, "processed")))
}

// Without moving, a file is emitted again when it changes, and only then.
func TestWatchChangedFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "log.txt")
	writeFile(t, path, "1")
	var seen atomic.Int32
	sizes := make(chan float64, 10)
	testNodes.Store("sink", func(_ context.Context, m *message.Message) {
		seen.Add(1)
		sizes <- m.Payload.(map[string]any)["size"].(float64)
	})
	f := newFlow([]flow.Node{watchNode(dir, map[string]any{"move": false}), {ID: "sink", Type: "test.func"}}, "watch->sink")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		runFlow(t, ctx, f, runtime.Options{})
	}()
	assert.Equal(t, 1.0, <-sizes)
	writeFile(t, path, "1234")
	assert.Equal(t, 4.0, <-sizes)
	cancel()
	<-done
	assert.Equal(t, int32(2), seen.Load())
	assert.True(t, exists(path))
}

func TestWatchBadPattern(t *testing.T) {
	f := newFlow([]flow.Node{watchNode(t.TempDir(), map[string]any{"pattern": "[x"})})
	_, err := runtime.Compile(f, newRegistry(t))
	assert.ErrorContains(t, err, `field "pattern": syntax error in pattern`)
}

// Folder watch → read CSV records → append them as JSON lines: every
// record of every file lands in the output, and the files in processed/.
func TestWatchReadWritePipeline(t *testing.T) {
	dir, out := t.TempDir(), filepath.Join(t.TempDir(), "out", "all.ndjson")
	writeFile(t, filepath.Join(dir, "1.csv"), "id;qty\n1;2\n")
	writeFile(t, filepath.Join(dir, "2.csv"), "id;qty\n2;5\n3;7\n")
	f := newFlow([]flow.Node{watchNode(dir, map[string]any{"pattern": "*.csv"}),
		{ID: "read", Type: "file.read", Config: map[string]any{"path": "{{path}}", "format": "csv", "detectTypes": true}},
		{ID: "write", Type: "file.write", Config: map[string]any{"path": out}}},
		"watch->read", "read->write")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan *runtime.Record)
	go func() {
		rec, _ := runFlow(t, ctx, f, runtime.Options{IsolateFailures: true})
		done <- rec
	}()
	require.Eventually(t, func() bool {
		return exists(filepath.Join(dir, "processed", "1.csv")) && exists(filepath.Join(dir, "processed", "2.csv"))
	}, 10*time.Second, 10*time.Millisecond)
	cancel()
	<-done
	assert.ElementsMatch(t, []string{`{"id":1,"qty":2}`, `{"id":2,"qty":5}`, `{"id":3,"qty":7}`},
		strings.Split(strings.TrimSpace(readFile(t, out)), "\n"))
}

// TestWatchWakesOnFileEvents: with a scan only every ten minutes, a file
// dropped into the folder is still picked up, because fsnotify reports it.
func TestWatchWakesOnFileEvents(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "first.csv"), "id\n1\n")
	f := newFlow([]flow.Node{watchNode(dir, map[string]any{"pattern": "*.csv", "pollMs": 600000.0, "settleMs": 0.0}),
		{ID: "read", Type: "file.read", Config: map[string]any{"path": "{{path}}", "format": "csv"}}, debug("out")},
		"watch->read", "read->out")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan *runtimetest.Collector)
	go func() {
		_, d := runFlow(t, ctx, f, runtime.Options{})
		done <- d
	}()
	// first.csv done means the start-up scan is over: from now on only an
	// event can bring a new file before the next scan in ten minutes.
	require.Eventually(t, func() bool { return exists(filepath.Join(dir, "processed", "first.csv")) },
		30*time.Second, 10*time.Millisecond)
	// Written under an ignored name, then renamed: the file is whole when
	// its name first matches.
	tmp := filepath.Join(dir, ".late.csv")
	writeFile(t, tmp, "id\n7\n")
	require.NoError(t, os.Rename(tmp, filepath.Join(dir, "late.csv")))
	require.Eventually(t, func() bool { return exists(filepath.Join(dir, "processed", "late.csv")) },
		30*time.Second, 10*time.Millisecond, "the new file must be seen without waiting for the next scan")
	cancel()
	assert.Equal(t, []any{obj("id", "1"), obj("id", "7")}, (<-done).Payloads("out"))
}

// refusingJournal refuses the first refuse messages it is offered (a full
// disk under the runner's spool), then accepts every one.
type refusingJournal struct {
	refuse   atomic.Int64
	accepted atomic.Int64
}

func (j *refusingJournal) Accept(string, string, *message.Message) error {
	if j.refuse.Add(-1) >= 0 {
		return errors.New("no space left on device")
	}
	j.accepted.Add(1)
	return nil
}

func (j *refusingJournal) Settle(string, string, registry.Outcome) {}

func (j *refusingJournal) Redeliver(ctx context.Context, _ string, _ func(string, *message.Message) error) error {
	<-ctx.Done()
	return nil
}

// A file the host's spool refuses stays where it is, is reported, and is
// offered again at the next scan; the watch keeps running.
func TestWatchOffersARefusedFileAgain(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.csv"), "id\n1\n")
	j := &refusingJournal{}
	j.refuse.Store(2)
	f := newFlow([]flow.Node{watchNode(dir, nil), debug("out")}, "watch->out")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan *runtimetest.Collector, 1)
	go func() {
		rec, d := runFlow(t, ctx, f, runtime.Options{Journal: j, IsolateFailures: true})
		assert.Equal(t, runtime.StatusCancelled, rec.Status, rec.Error)
		done <- d
	}()
	require.Eventually(t, func() bool { return exists(filepath.Join(dir, "processed", "a.csv")) }, 10*time.Second, 10*time.Millisecond)
	cancel()
	d := <-done
	assert.Equal(t, int64(1), j.accepted.Load())
	assert.Equal(t, 1, d.Count("out"))
	var reported []string
	for _, p := range d.Payloads("watch") {
		reported = append(reported, p.(map[string]any)["error"].(string))
	}
	require.Len(t, reported, 2, "each refusal is reported")
	assert.Contains(t, reported[0], "no space left on device")
}

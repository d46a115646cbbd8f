package file_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	goruntime "runtime"
	"runtime/metrics"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/runtime"
)

// A file far larger than the memory bound is read record by record: the
// live heap (what the last garbage collection found reachable, so the
// garbage a loaded machine leaves uncollected for a while does not count)
// never holds more than a small part of it. (A 1 GB file behaves the same;
// this one is sized to run in seconds.)
func TestReadLargeFileInBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 40 MB files")
	}
	const rows, bound = 400_000, 16 << 20
	for _, f := range []string{"csv", "json"} {
		t.Run(f, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "big."+f)
			size := writeBig(t, path, f, rows)
			require.Greater(t, size, int64(2*bound), "the file must be larger than twice the bound")
			n, peak := countRecords(t, path, f)
			t.Logf("peak live heap %d KB while reading a %d MB file", peak>>10, size>>20)
			assert.Equal(t, uint64(rows), n)
			assert.Less(t, peak, uint64(bound), "peak live heap %d MB", peak>>20)
		})
	}
}

// countRecords reads path's records through a flow, sampling the live
// heap.
func countRecords(t *testing.T, path, format string) (n, peak uint64) {
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	testNodes.Store("count", func(_ context.Context, m *message.Message) {
		n++
		if n%5_000 == 0 {
			metrics.Read(live)
			peak = max(peak, live[0].Value.Uint64())
		}
	})
	f := newFlow([]flow.Node{manual(`{}`), {ID: "read", Type: "file.read", Config: map[string]any{"path": path, "format": format}},
		{ID: "count", Type: "test.func"}}, "in->read", "read->count")
	goruntime.GC()
	rec, _ := runFlow(t, context.Background(), f, runtime.Options{})
	require.Equal(t, runtime.StatusSucceeded, rec.Status, rec.Error)
	return n, peak
}

// writeBig writes rows records as CSV or as one JSON array.
func writeBig(t *testing.T, path, format string, rows int) int64 {
	t.Helper()
	f, err := os.Create(path)
	require.NoError(t, err)
	w := bufio.NewWriter(f)
	if format == "csv" {
		fmt.Fprintln(w, "id,name,email,city,amount,note")
	} else {
		fmt.Fprintln(w, "[")
	}
	for i := range rows {
		if format == "csv" {
			fmt.Fprintf(w, "%d,customer %d,c%d@example.com,Springfield,%d.%02d,\"a note, with a comma and some padding\"\n", i, i, i, i%1000, i%100)
			continue
		}
		sep := ","
		if i == rows-1 {
			sep = "]"
		}
		fmt.Fprintf(w, "{\"id\":%d,\"name\":\"customer %d\",\"email\":\"c%d@example.com\",\"amount\":%d.%02d}%s\n", i, i, i, i%1000, i%100, sep)
	}
	require.NoError(t, w.Flush())
	st, err := f.Stat()
	require.NoError(t, err)
	require.NoError(t, f.Close())
	return st.Size()
}

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestParallelBaselineKeepsOrder maps more records than one batch holds
// on several goroutines: the output is the one-goroutine loop's, line for
// line, with both codecs.
func TestParallelBaselineKeepsOrder(t *testing.T) {
	var in bytes.Buffer
	require.NoError(t, generate(&in, 3*baselineBatch+17))
	for name, c := range codecs {
		var single, parallel bytes.Buffer
		require.NoError(t, runBaseline(bytes.NewReader(in.Bytes()), &single, c, 1), name)
		require.NoError(t, runBaseline(bytes.NewReader(in.Bytes()), &parallel, c, 3), name)
		assert.Equal(t, single.String(), parallel.String(), name)
		lines := strings.Split(strings.TrimSuffix(single.String(), "\n"), "\n")
		require.Len(t, lines, 3*baselineBatch+17, name)
		assert.Contains(t, lines[0], `"orderId":"ORD-000001"`, name)
		assert.Contains(t, lines[len(lines)-1], `"orderId":"ORD-000785"`, name)
	}
}

// TestBaselineReportsBadRecords: a line that is not an order fails the
// run instead of being skipped.
func TestBaselineReportsBadRecords(t *testing.T) {
	var in bytes.Buffer
	require.NoError(t, generate(&in, 300))
	in.WriteString("{\"id\": 1}\n")
	for _, workers := range []int{1, 2} {
		err := runBaseline(bytes.NewReader(in.Bytes()), &bytes.Buffer{}, codecs["encoding/json"], workers)
		assert.Error(t, err, "workers %d", workers)
	}
}

func TestSameBytesNamesTheFirstDifference(t *testing.T) {
	dir := t.TempDir()
	a, b, c := filepath.Join(dir, "a"), filepath.Join(dir, "b"), filepath.Join(dir, "c")
	require.NoError(t, os.WriteFile(a, []byte("hello world"), 0o600))
	require.NoError(t, os.WriteFile(b, []byte("hello world"), 0o600))
	require.NoError(t, os.WriteFile(c, []byte("hello"), 0o600))
	assert.NoError(t, sameBytes(a, b))
	assert.EqualError(t, sameBytes(a, c), "first difference at byte 5")
	require.NoError(t, os.WriteFile(c, []byte("hellO world"), 0o600))
	assert.EqualError(t, sameBytes(a, c), "first difference at byte 4")
}

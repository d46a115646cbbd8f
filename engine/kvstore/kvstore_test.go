package kvstore_test

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/weftworks/weft/engine/kvstore"
)

// mustOpen opens a store in a temporary directory, closed at cleanup.
func mustOpen(t *testing.T) *kvstore.Store {
	t.Helper()
	s, err := kvstore.Open(filepath.Join(t.TempDir(), "state", "state.db"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func TestSeenBefore(t *testing.T) {
	type step struct {
		scope, key string
		at         time.Duration // after t0
		want       bool
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"first is new, second seen", []step{{"s", "a", 0, false}, {"s", "a", time.Second, true}}},
		{"expired is new again", []step{{"s", "a", 0, false}, {"s", "a", time.Hour, false}, {"s", "a", time.Hour + time.Minute, true}}},
		{"window is not extended", []step{{"s", "a", 0, false}, {"s", "a", 59 * time.Minute, true}, {"s", "a", 61 * time.Minute, false}}},
		{"scopes are apart", []step{{"s", "a", 0, false}, {"t", "a", 0, false}, {"t", "a", 0, true}}},
		{"keys are apart", []step{{"s", "a", 0, false}, {"s", "b", 0, false}}},
		{"empty key is a key", []step{{"s", "", 0, false}, {"s", "", 0, true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustOpen(t)
			for i, st := range tt.steps {
				got, err := s.SeenBefore(context.Background(), st.scope, st.key, time.Hour, t0.Add(st.at))
				require.NoError(t, err)
				assert.Equal(t, st.want, got, "step %d", i)
			}
		})
	}
}

func TestSeenBeforeRefusesEmptyScope(t *testing.T) {
	_, err := mustOpen(t).SeenBefore(context.Background(), "", "k", time.Hour, t0)
	assert.ErrorIs(t, err, kvstore.ErrScope)
}

func TestSeenBeforeStopsOnCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := mustOpen(t).SeenBefore(ctx, "s", "k", time.Hour, t0)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestStateSurvivesReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	s, err := kvstore.Open(path)
	require.NoError(t, err)
	_, err = s.SeenBefore(context.Background(), "s", "k", time.Hour, t0)
	require.NoError(t, err)
	require.NoError(t, s.Close())

	s, err = kvstore.Open(path)
	require.NoError(t, err)
	defer s.Close()
	seen, err := s.SeenBefore(context.Background(), "s", "k", time.Hour, t0.Add(time.Minute))
	require.NoError(t, err)
	assert.True(t, seen)
	assert.Equal(t, path, s.Path())
}

func TestSecondOpenIsLocked(t *testing.T) {
	s := mustOpen(t)
	_, err := kvstore.Open(s.Path())
	require.ErrorIs(t, err, kvstore.ErrLocked)
	assert.Contains(t, err.Error(), s.Path())
}

func TestNewerSchemaIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	db, err := bolt.Open(path, 0o600, nil)
	require.NoError(t, err)
	require.NoError(t, db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("meta"))
		if err != nil {
			return err
		}
		return b.Put([]byte("version"), []byte{0, 0, 0, 0, 0, 0, 0, 99})
	}))
	require.NoError(t, db.Close())
	_, err = kvstore.Open(path)
	assert.ErrorIs(t, err, kvstore.ErrNewerSchema)
}

func TestExpire(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	for _, k := range []string{"a", "b", "c"} {
		_, err := s.SeenBefore(ctx, "one", k, time.Minute, t0)
		require.NoError(t, err)
	}
	_, err := s.SeenBefore(ctx, "two", "d", time.Hour, t0)
	require.NoError(t, err)

	n, err := s.Expire(t0.Add(2 * time.Minute))
	require.NoError(t, err)
	assert.Equal(t, 3, n)
	left, err := s.Len("one")
	require.NoError(t, err)
	assert.Zero(t, left)
	left, err = s.Len("two")
	require.NoError(t, err)
	assert.Equal(t, 1, left)
}

func TestSweepBoundsAScope(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	for i := range 1100 {
		// each key lives one second; a sweep every 1024 writes drops the old ones
		_, err := s.SeenBefore(ctx, "s", string(rune('a'+i%26))+time.Duration(i).String(), time.Second, t0.Add(time.Duration(i)*time.Second))
		require.NoError(t, err)
	}
	n, err := s.Len("s")
	require.NoError(t, err)
	assert.Less(t, n, 500, "expired keys are swept while writing")
}

func TestConcurrentCallersSeeOneFirst(t *testing.T) {
	s := mustOpen(t)
	var wg sync.WaitGroup
	firsts := make(chan bool, 20)
	for range 20 {
		wg.Go(func() {
			seen, err := s.SeenBefore(context.Background(), "s", "same", time.Hour, t0)
			assert.NoError(t, err)
			firsts <- !seen
		})
	}
	wg.Wait()
	close(firsts)
	n := 0
	for f := range firsts {
		if f {
			n++
		}
	}
	assert.Equal(t, 1, n, "exactly one caller records the key")
}

func TestLongKeysAndScopes(t *testing.T) {
	s := mustOpen(t)
	long := strings.Repeat("x", 100_000) // beyond bbolt's key limit
	for _, scope := range []string{"s", long} {
		for i, want := range []bool{false, true} {
			seen, err := s.SeenBefore(context.Background(), scope, long, time.Hour, t0)
			require.NoError(t, err)
			assert.Equal(t, want, seen, "call %d", i)
		}
		seen, err := s.SeenBefore(context.Background(), scope, long+"y", time.Hour, t0)
		require.NoError(t, err)
		assert.False(t, seen, "a different long key is new")
	}
}

// FuzzSeenBefore checks, for any scope and key, that the first call
// records the key and the second finds it.
func FuzzSeenBefore(f *testing.F) {
	f.Add("scope", "key")
	f.Add("", "")
	s, err := kvstore.Open(filepath.Join(f.TempDir(), "fuzz.db"))
	require.NoError(f, err)
	f.Cleanup(func() { _ = s.Close() })
	n := 0
	f.Fuzz(func(t *testing.T, scope, key string) {
		n++
		scope = scope + "#" + strconv.Itoa(n) // every input starts fresh
		first, err := s.SeenBefore(context.Background(), scope, key, time.Hour, t0)
		require.NoError(t, err)
		second, err := s.SeenBefore(context.Background(), scope, key, time.Hour, t0)
		require.NoError(t, err)
		assert.False(t, first)
		assert.True(t, second)
	})
}

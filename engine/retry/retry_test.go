package retry_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/retry"
)

// fast keeps the waits in tests tiny.
var fast = retry.Policy{Attempts: 4, Initial: time.Microsecond, Max: 10 * time.Microsecond}

var errFlaky = errors.New("flaky")

func TestDo(t *testing.T) {
	tests := []struct {
		name      string
		results   []error // what fn returns per attempt; nil after the end
		wantCalls int
		want      string // error text; empty means success
	}{
		{"first try", []error{nil}, 1, ""},
		{"succeeds on third", []error{errFlaky, errFlaky, nil}, 3, ""},
		{"gives up", []error{errFlaky, errFlaky, errFlaky, errFlaky, errFlaky}, 4, "after 4 attempts: flaky"},
		{"permanent stops", []error{errFlaky, retry.Permanent(errors.New("bad request"))}, 2, "bad request"},
		{"after hint is retried", []error{retry.After(errFlaky, time.Microsecond), nil}, 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			err := fast.Do(context.Background(), func(_ context.Context, attempt int) error {
				calls++
				assert.Equal(t, calls, attempt)
				return tt.results[attempt-1]
			})
			assert.Equal(t, tt.wantCalls, calls)
			if tt.want == "" {
				require.NoError(t, err)
				return
			}
			require.EqualError(t, err, tt.want)
			assert.False(t, retry.IsPermanent(err), "Do unwraps permanent errors")
		})
	}
}

func TestDoStopsWhenContextIsDone(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	err := retry.Policy{Attempts: 10, Initial: time.Hour}.Do(ctx, func(context.Context, int) error {
		calls++
		cancel()
		return errFlaky
	})
	assert.Equal(t, 1, calls, "no attempt after cancellation")
	require.ErrorIs(t, err, context.Canceled)
	assert.ErrorIs(t, err, errFlaky, "the last error is kept")
}

func TestDelay(t *testing.T) {
	p := retry.Policy{Initial: 100 * time.Millisecond, Max: time.Second, Multiplier: 2, Jitter: 0.5}
	tests := []struct {
		attempt int
		err     error
		rnd     float64
		want    time.Duration
	}{
		{1, errFlaky, 0.5, 100 * time.Millisecond},
		{2, errFlaky, 0.5, 200 * time.Millisecond},
		{3, errFlaky, 0.5, 400 * time.Millisecond},
		{3, errFlaky, 0, 200 * time.Millisecond},    // jitter low end
		{3, errFlaky, 0.75, 500 * time.Millisecond}, // jitter up
		{10, errFlaky, 0.5, time.Second},            // capped
		{10, errFlaky, 0.99, time.Second},           // jitter never exceeds Max
		{1, retry.After(errFlaky, 5*time.Second), 0.5, 5 * time.Second},
		{1, fmt.Errorf("wrapped: %w", retry.After(errFlaky, 50*time.Millisecond)), 0.5, 100 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d %v %v", tt.attempt, tt.err, tt.rnd), func(t *testing.T) {
			assert.Equal(t, tt.want, p.Delay(tt.attempt, tt.err, tt.rnd))
		})
	}
	noJitter := retry.Policy{Initial: time.Second, Jitter: -1}
	assert.Equal(t, time.Second, noJitter.Delay(1, errFlaky, 0.99), "negative jitter turns it off")
	assert.Equal(t, retry.DefaultInitial, retry.Policy{Jitter: -1}.Delay(1, errFlaky, 0), "defaults")
}

func TestMarkers(t *testing.T) {
	assert.NoError(t, retry.Permanent(nil))
	assert.NoError(t, retry.After(nil, time.Second))
	err := fmt.Errorf("ctx: %w", retry.Permanent(errFlaky))
	assert.True(t, retry.IsPermanent(err))
	assert.ErrorIs(t, err, errFlaky)
	assert.ErrorIs(t, retry.After(errFlaky, time.Second), errFlaky)
	assert.False(t, retry.IsPermanent(errFlaky))
}

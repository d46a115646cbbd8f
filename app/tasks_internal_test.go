package app

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The task mechanics without the race of cancelling real work mid-way:
// a cancelled task's next step fails with ErrCancelled and its end is
// published as "cancelled".
func TestTaskCancelledAtItsNextStep(t *testing.T) {
	hub := NewHub()
	events, stop := hub.Subscribe()
	defer stop()
	s := &Service{core: &core{ctx: context.Background(), hub: hub, tasks: map[string]*task{}}}

	tk := s.startTask("t1", "export")
	require.NoError(t, tk.step(0, 2))
	require.NoError(t, s.CancelTask("t1"))
	err := tk.step(1, 2)
	require.ErrorIs(t, err, ErrCancelled)
	assert.Equal(t, "export: cancelled", err.Error())
	s.endTask(tk, err)
	assert.Empty(t, s.tasks, "an ended task is forgotten")

	var states []string
	for len(states) < 2 {
		select {
		case e := <-events:
			states = append(states, e.Data.(Progress).State)
		case <-time.After(5 * time.Second):
			t.Fatal("missing progress events")
		}
	}
	assert.Equal(t, []string{"running", "cancelled"}, states)

	quiet := s.startTask("", "preview")
	s.endTask(quiet, errors.New("boom"))
	select {
	case e := <-events:
		t.Fatalf("a task without an id published %v", e)
	default:
	}
}

package app

import (
	"context"
	"errors"
	"fmt"
)

// ErrCancelled is the error of long work (an export, a preview) that
// CancelTask stopped.
var ErrCancelled = errors.New("cancelled")

// Progress is a "progress" event of long work the UI named with a task
// id: Done of Total steps, and State "running", "done", "failed" or
// "cancelled" once it ends.
type Progress struct {
	Task  string `json:"task"`
	Label string `json:"label"`
	Done  int    `json:"done"`
	Total int    `json:"total"`
	State string `json:"state"`
}

// task is long work in progress: its id, how to cancel it and where its
// progress goes.
type task struct {
	id, label string
	ctx       context.Context
	cancel    context.CancelFunc
	hub       *Hub
}

// startTask registers work the caller named id (no task when id is
// empty: the work then only stops with the service).
func (s *Service) startTask(id, label string) *task {
	ctx, cancel := context.WithCancel(s.ctx)
	t := &task{id: id, label: label, ctx: ctx, cancel: cancel, hub: s.hub}
	if id != "" {
		s.mu.Lock()
		s.tasks[id] = t
		s.mu.Unlock()
	}
	return t
}

// step reports done of total steps, and ErrCancelled once the task was
// cancelled.
func (t *task) step(done, total int) error {
	if t.ctx.Err() != nil {
		return fmt.Errorf("%s: %w", t.label, ErrCancelled)
	}
	t.publish(done, total, "running")
	return nil
}

func (t *task) publish(done, total int, state string) {
	if t.id != "" {
		t.hub.Publish(Event{Name: "progress", Data: Progress{Task: t.id, Label: t.label, Done: done, Total: total, State: state}})
	}
}

// end unregisters the task and reports how it ended.
func (s *Service) endTask(t *task, err error) {
	t.cancel()
	if t.id == "" {
		return
	}
	s.mu.Lock()
	delete(s.tasks, t.id)
	s.mu.Unlock()
	state := "done"
	switch {
	case errors.Is(err, ErrCancelled):
		state = "cancelled"
	case err != nil:
		state = "failed"
	}
	t.publish(0, 0, state)
}

// CancelTask stops the long work named id (an export or a preview the UI
// started with that task id); it then returns an error wrapping
// ErrCancelled. Cancelling work that has ended does nothing.
func (s *Service) CancelTask(id string) error {
	s.mu.Lock()
	t := s.tasks[id]
	s.mu.Unlock()
	if t != nil {
		t.cancel()
	}
	return nil
}

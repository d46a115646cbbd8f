package app

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
	"github.com/weftworks/weft/engine/store"
)

// activeRun is a run in progress: its latest record snapshot and how to
// cancel it.
type activeRun struct {
	cancel context.CancelFunc

	mu     sync.Mutex
	latest *runtime.Record
}

func (r *activeRun) update(rec *runtime.Record) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.latest = rec
}

func (r *activeRun) snapshot() *runtime.Record {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.latest.Snapshot()
}

// StartRun starts a run of the saved flow with the given id and returns the
// run id at once; progress arrives as "run" events and through GetRun. A
// flow with validation errors is refused with every problem listed.
func (s *Service) StartRun(flowID string) (string, error) {
	f, err := s.store.Flow(flowID)
	if err != nil {
		return "", err
	}
	plan, err := runtime.Compile(f, s.reg)
	if err != nil {
		return "", err
	}
	return s.launch(flowID, plan), nil
}

// launch starts plan as a run of the flow flowID and returns the run id.
func (s *Service) launch(flowID string, plan *runtime.Plan) string {
	id := message.NewID()
	ctx, cancel := context.WithCancel(s.ctx)
	run := &activeRun{cancel: cancel,
		latest: &runtime.Record{ID: id, FlowID: flowID, Status: runtime.StatusRunning}}
	s.mu.Lock()
	s.runs[id] = run
	s.mu.Unlock()
	s.runsWG.Add(1)
	go s.execute(ctx, plan, run, id, s.host.Services(flowID))
	return id
}

func (s *Service) execute(ctx context.Context, plan *runtime.Plan, run *activeRun, id string, services registry.Services) {
	defer s.runsWG.Done()
	defer run.cancel()
	rec := plan.Run(ctx, runtime.Options{
		RunID:           id,
		Services:        services,
		IsolateFailures: true,
		OnUpdate: func(r *runtime.Record) {
			if r.Status != runtime.StatusRunning {
				return // the end is told below, once the record is saved
			}
			run.update(r)
			s.hub.Publish(Event{Name: "run", Data: r})
		},
	})
	// Save before the snapshot says the run ended, so a caller that saw it
	// end finds it in the history.
	if err := s.saveRun(rec); err != nil {
		rec.Error = fmt.Sprintf("%s (the run record could not be saved: %v)", rec.Error, err)
	}
	if err := s.meter.usage.Add(rec); err != nil {
		rec.Error = fmt.Sprintf("%s (its usage could not be recorded: %v)", rec.Error, err)
	}
	run.update(rec.Snapshot())
	s.mu.Lock()
	delete(s.runs, id)
	s.mu.Unlock()
	s.hub.Publish(Event{Name: "run", Data: rec})
	s.checkAlerts(rec.FlowID)
}

func (s *Service) saveRun(rec *runtime.Record) error {
	data, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	info := store.RunInfo{ID: rec.ID, FlowID: rec.FlowID, Status: string(rec.Status),
		StartedAt: rec.StartedAt, EndedAt: rec.EndedAt, Error: rec.Error}
	for _, n := range rec.Nodes {
		info.Messages += n.Out
		info.Errors += n.Errors
	}
	return s.store.PutRun(info, data)
}

func (s *Service) active(id string) *activeRun {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.runs[id]
}

func (s *Service) storedRun(id string) (*runtime.Record, error) {
	data, err := s.store.Run(id)
	if err != nil {
		return nil, fmt.Errorf("run %s: %w", id, err)
	}
	var rec runtime.Record
	if err := json.Unmarshal(data, &rec); err != nil {
		return nil, fmt.Errorf("run %s: stored record is unreadable: %w", id, err)
	}
	return &rec, nil
}

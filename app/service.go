package app

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/weftworks/weft/engine/audit"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
	"github.com/weftworks/weft/engine/spec"
	"github.com/weftworks/weft/engine/store"
	"github.com/weftworks/weft/engine/usage"
)

// ErrNotFound is returned when a flow or run does not exist.
var ErrNotFound = store.ErrNotFound

// SaveResult is what saving a flow returns: the stored flow's summary and
// the problems validation found. A flow with problems is still saved, as a
// draft; running it is refused until they are fixed.
type SaveResult struct {
	Flow     store.FlowInfo `json:"flow"`
	Problems []flow.Problem `json:"problems"`
}

// Service is the use cases of Weft Studio. Every exported method is an API
// call of both transports. A Service acts for one actor, named in the
// audit trail; AsActor gives the same service acting for another.
type Service struct {
	*core
	actor string
}

// core is the state every actor's Service shares.
type core struct {
	ctx   context.Context
	store *store.Store
	reg   *registry.Registry
	hub   *Hub
	now   func() time.Time

	host *Host

	// dataDir holds the signing key; empty disables signing.
	dataDir string
	keyMu   sync.Mutex

	mu     sync.Mutex
	runs   map[string]*activeRun
	runsWG sync.WaitGroup
	tasks  map[string]*task

	audit *audit.Log
	gate  ReleaseGate
	meter *meter
}

// New returns a Service over st and reg that publishes events to hub and
// gives its runs host's services. Runs started by the service stop when
// ctx is cancelled.
func New(ctx context.Context, st *store.Store, reg *registry.Registry, hub *Hub, host *Host) *Service {
	return &Service{core: &core{ctx: ctx, store: st, reg: reg, hub: hub, host: host, now: time.Now,
		runs: map[string]*activeRun{}, tasks: map[string]*task{},
		audit: audit.New(st.DB()), meter: newMeter(usage.New(st.DB()))}}
}

// NodeTypes returns the spec of every node type, for the palette and the
// generated forms.
func (s *Service) NodeTypes() ([]spec.Spec, error) {
	return s.reg.Specs(), nil
}

// ListFlows returns a summary of every saved flow.
func (s *Service) ListFlows() ([]store.FlowInfo, error) {
	flows, err := s.store.Flows()
	if flows == nil {
		flows = []store.FlowInfo{}
	}
	return flows, err
}

// GetFlow returns the saved flow with the given id.
func (s *Service) GetFlow(id string) (*flow.Flow, error) {
	return s.store.Flow(id)
}

// SaveFlow stores f as a new version of its flow, assigning an id to a new
// flow, and returns the problems validation found. Invalid flows are saved
// as drafts.
func (s *Service) SaveFlow(f flow.Flow) (SaveResult, error) {
	if f.ID == "" {
		f.ID = "flow-" + message.NewID()[:12]
	}
	if f.Name == "" {
		return SaveResult{}, errors.New("a flow needs a name")
	}
	f.FormatVersion = flow.FormatVersion
	var info store.FlowInfo
	err := s.change("flow.save", "flow", f.ID, func() (string, error) { return s.store.FlowDigest(f.ID) },
		func() (err error) {
			info, err = s.store.SaveFlow(&f, s.now().UnixMilli())
			return err
		})
	if err != nil {
		return SaveResult{}, err
	}
	return SaveResult{Flow: info, Problems: s.validate(&f)}, nil
}

// DeleteFlow removes a flow and its history.
func (s *Service) DeleteFlow(id string) error {
	return s.change("flow.delete", "flow", id, func() (string, error) { return s.store.FlowDigest(id) },
		func() error { return s.store.DeleteFlow(id) })
}

// FlowHistory lists the saved versions of a flow, newest first.
func (s *Service) FlowHistory(id string) ([]store.HistoryEntry, error) {
	return s.store.History(id)
}

// ValidateFlow returns every problem of f, errors and warnings, each naming
// the node, edge and field it concerns.
func (s *Service) ValidateFlow(f flow.Flow) ([]flow.Problem, error) {
	return s.validate(&f), nil
}

func (s *Service) validate(f *flow.Flow) []flow.Problem {
	problems := append(s.reg.Validate(f), s.credentialProblems(f)...)
	if problems == nil {
		problems = []flow.Problem{}
	}
	return problems
}

// GetRun returns the record of a run, live while it is running.
func (s *Service) GetRun(id string) (*runtime.Record, error) {
	if r := s.active(id); r != nil {
		return r.snapshot(), nil
	}
	return s.storedRun(id)
}

// ListRuns returns the most recent runs of a flow, newest first.
func (s *Service) ListRuns(flowID string) ([]store.RunInfo, error) {
	runs, err := s.store.Runs(flowID, 50)
	if runs == nil {
		runs = []store.RunInfo{}
	}
	return runs, err
}

// CancelRun stops a running run. Cancelling a finished run does nothing.
func (s *Service) CancelRun(id string) error {
	if r := s.active(id); r != nil {
		r.cancel()
		return nil
	}
	if _, err := s.store.Run(id); err != nil {
		return fmt.Errorf("run %s: %w", id, err)
	}
	return nil
}

package deploy

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/weftworks/weft/connectors/all"
	"github.com/weftworks/weft/engine/bundle"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
)

// ErrEndedEarly is the start-up error of a version whose run ended with a
// failure before all its webhooks listened.
var ErrEndedEarly = errors.New("a flow ended before the bundle was serving")

// version is one loaded bundle file: its compiled flows, its own webhook
// listener, and the runs once started.
type version struct {
	file     string
	sha      string
	b        *bundle.Bundle
	plans    []*runtime.Plan // in b.Flows order
	paths    []string        // webhook paths, as routeKey gives them
	listener *all.Listener

	failed chan error // the first run that failed; buffered
	// exclusive flows have triggers that must not run twice at once
	// (folder watches, queues, schedules): a swap stops the old run
	// before the new one starts.
	exclusive []bool
	// serving flows have a trigger other than a manual one: a failed run
	// of theirs is restarted while the version serves.
	serving []bool
	cfg     Config        // set by start
	stopped chan struct{} // closed when stop begins

	mu         sync.Mutex
	runs       []*flowRun      // by flow index
	handedOver []bool          // flows stopped for the version replacing this one
	backoff    []time.Duration // the next restart delay of each flow
	state      string
	since      int64
	flows      []FlowStatus
	closing    bool
	inflight   int
	idle       chan struct{} // closed when closing and nothing is in flight
}

// load reads and checks one bundle file's bytes: a readable bundle that
// cfg.Verify accepts, whose node types this runner ships, whose flows
// compile, and whose webhook paths are distinct.
func load(file string, data []byte, cfg Config) (*version, error) {
	v := &version{file: file, sha: shaOf(data), listener: all.NewListener(),
		failed: make(chan error, 1), idle: make(chan struct{}), stopped: make(chan struct{})}
	b, err := bundle.Read(data)
	if err != nil {
		return v, err
	}
	v.b = b
	if cfg.Verify != nil {
		if err := cfg.Verify(file, b); err != nil {
			return v, err
		}
	}
	if err := checkNodeTypes(b.Manifest, cfg.Registry); err != nil {
		return v, err
	}
	for _, f := range b.Flows {
		p, err := runtime.Compile(f, cfg.Registry)
		if err != nil {
			return v, fmt.Errorf("flow %q: %w", f.ID, describe(err))
		}
		v.plans = append(v.plans, p)
		v.flows = append(v.flows, FlowStatus{ID: f.ID, Name: f.Name, Status: StateStarting})
		excl, serving := triggers(f, cfg.Registry)
		v.exclusive, v.serving = append(v.exclusive, excl), append(v.serving, serving)
	}
	v.handedOver, v.backoff = make([]bool, len(v.plans)), make([]time.Duration, len(v.plans))
	v.paths, err = webhookPaths(b.Flows, cfg.Registry)
	v.setState(StateStarting)
	return v, err
}

// describe spells out every problem of an invalid flow.
func describe(err error) error {
	var invalid *runtime.InvalidFlowError
	if !errors.As(err, &invalid) {
		return err
	}
	msgs := make([]string, len(invalid.Problems))
	for i, p := range invalid.Problems {
		msgs[i] = p.String()
	}
	return fmt.Errorf("invalid: %s", strings.Join(msgs, "; "))
}

// checkNodeTypes refuses a bundle that needs node types this runner does
// not ship, naming them and their connector families.
func checkNodeTypes(m *bundle.Manifest, reg *registry.Registry) error {
	var missing []string
	for _, t := range m.NodeTypes {
		if _, ok := reg.Spec(t); !ok {
			missing = append(missing, t)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return fmt.Errorf("needs node types this weft does not ship: %s (connector families: %s)",
		strings.Join(missing, ", "), strings.Join(m.Connectors, ", "))
}

// triggers reports whether f has an exclusive trigger (a source such as
// a folder watch, a queue or a schedule, which two versions must not run
// at once) and whether it serves at all (any trigger but a manual one),
// as the specs' trigger traits say.
func triggers(f *flow.Flow, reg *registry.Registry) (exclusive, serving bool) {
	for _, n := range f.Nodes {
		t := reg.Trigger(n.Type)
		serving = serving || t.Serves()
		exclusive = exclusive || t.Exclusive()
	}
	return exclusive, serving
}

// webhookPaths lists the paths the flows' HTTP triggers listen on.
func webhookPaths(flows []*flow.Flow, reg *registry.Registry) ([]string, error) {
	var paths []string
	for _, f := range flows {
		for _, n := range f.Nodes {
			p, ok := reg.Trigger(n.Type).Path(n.Config)
			if !ok {
				continue
			}
			p = routeKey(p)
			if slices.Contains(paths, p) {
				return nil, fmt.Errorf("two webhooks of the bundle listen on %s", p)
			}
			paths = append(paths, p)
		}
	}
	slices.Sort(paths)
	return paths, nil
}

// flowRun is one flow's run: cancel stops it, done is closed once it
// has returned.
type flowRun struct {
	cancel context.CancelFunc
	done   chan struct{}
}

// running reports whether the run has not returned yet; false for nil.
func (fr *flowRun) running() bool {
	if fr == nil {
		return false
	}
	select {
	case <-fr.done:
		return false
	default:
		return true
	}
}

// start runs every flow of the version. Runs are not tied to a caller's context: stop ends them,
// with the graceful drain.
func (v *version) start(cfg Config) {
	v.cfg = cfg
	v.runs = make([]*flowRun, len(v.plans))
	for i, p := range v.plans {
		v.startFlow(i, p, cfg)
	}
}

// startFlow runs plan p as flow i, unless the version is stopping, has
// handed the flow over to its successor, or runs it already (a restart
// timer firing after a refused successor restarted it).
func (v *version) startFlow(i int, p *runtime.Plan, cfg Config) {
	opts := v.runOptions(i, cfg)
	ctx, cancel := context.WithCancel(context.Background())
	fr := &flowRun{cancel: cancel, done: make(chan struct{})}
	v.mu.Lock()
	if v.closing || v.handedOver[i] || v.runs[i].running() {
		v.mu.Unlock()
		cancel()
		return
	}
	v.runs[i] = fr
	v.mu.Unlock()
	go func() {
		defer close(fr.done)
		began := time.Now()
		rec := p.Run(ctx, opts)
		v.runEnded(i, rec, time.Since(began))
	}()
}

// stopFlow stops the run of flow id, letting it drain, and reports
// whether the version has that flow.
func (v *version) stopFlow(id string) bool {
	for i, f := range v.b.Flows {
		if f.ID == id {
			v.mu.Lock()
			fr := v.runs[i]
			v.handedOver[i] = true
			v.mu.Unlock()
			fr.cancel()
			<-fr.done
			return true
		}
	}
	return false
}

// restartFlows runs again the flows stopFlow stopped, recompiled, when
// the version that was to take them over failed to start.
func (v *version) restartFlows(cfg Config) error {
	var errs []error
	for i, f := range v.b.Flows {
		v.mu.Lock()
		handed := v.handedOver[i]
		v.handedOver[i] = false
		v.mu.Unlock()
		if !handed {
			continue
		}
		p, err := runtime.Compile(f, cfg.Registry)
		if err != nil {
			errs = append(errs, fmt.Errorf("flow %q: %w", f.ID, err))
			continue
		}
		v.startFlow(i, p, cfg)
	}
	return errors.Join(errs...)
}

func (v *version) runOptions(i int, cfg Config) runtime.Options {
	scope := v.b.Manifest.Name + "/" + v.b.Flows[i].ID
	var opts runtime.Options
	if cfg.Options != nil {
		opts = cfg.Options(scope, v.b.Flows[i])
	}
	sv := registry.Services{}
	if cfg.Services != nil {
		sv = cfg.Services(scope)
	}
	all.ProvideListener(sv, v.listener)
	opts.Services, opts.Drain, opts.IsolateFailures = sv, cfg.Drain, true
	if opts.RunID == "" {
		opts.RunID = message.NewID()
	}
	v.mu.Lock()
	v.flows[i].RunID, v.flows[i].Status = opts.RunID, runtime.StatusRunning
	v.mu.Unlock()
	return opts
}

// runEnded records how flow i's run (which lasted ran) ended. A failure
// before the version serves is reported to whoever waits for it to start;
// a serving flow that fails later is restarted.
func (v *version) runEnded(i int, rec *runtime.Record, ran time.Duration) {
	v.mu.Lock()
	v.flows[i].Status, v.flows[i].Error = rec.Status, rec.Error
	stopping, running := v.closing, v.state == StateRunning
	v.mu.Unlock()
	switch {
	case rec.Status != runtime.StatusFailed || stopping:
	case running && v.serving[i]:
		v.restartLater(i, ran, rec.Error)
	case !running:
		select {
		case v.failed <- fmt.Errorf("%w: flow %q: %s", ErrEndedEarly, v.flows[i].ID, rec.Error):
		default:
		}
	}
	v.allEnded()
}

// allEnded sets the state once every run has returned by itself (a
// version of batch flows).
func (v *version) allEnded() {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.closing || v.state != StateRunning {
		return
	}
	state := StateCompleted
	for i, f := range v.flows {
		switch {
		case v.handedOver[i]:
		case f.Status == runtime.StatusRunning, f.Status == StateRestarting:
			return
		case f.Status == runtime.StatusFailed:
			state = StateFailed
		}
	}
	v.state, v.since = state, nowMs()
}

// waitReady waits until every webhook of the version listens and no run
// has failed for grace after that (a trigger that cannot connect fails
// the start-up, not the serving version), a run fails, or timeout passes.
func (v *version) waitReady(timeout, grace time.Duration) error {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	var settled <-chan time.Time
	for {
		if settled == nil && v.listening() {
			settled = time.After(grace)
		}
		select {
		case <-settled:
			v.setState(StateRunning)
			v.allEnded() // batch flows may have finished already
			return nil
		case err := <-v.failed:
			return err
		case <-deadline.C:
			return fmt.Errorf("not serving after %s: listening on %v of %v",
				timeout, v.listener.Paths(), v.paths)
		case <-tick.C:
		}
	}
}

func (v *version) listening() bool {
	have := v.listener.Paths()
	for _, p := range v.paths {
		if !slices.Contains(have, p) {
			return false
		}
	}
	return true
}

// enter counts a request the version takes; false once it is closing.
func (v *version) enter() bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.closing {
		return false
	}
	v.inflight++
	return true
}

// leave ends a request enter counted.
func (v *version) leave() {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.inflight--
	if v.closing && v.inflight == 0 {
		close(v.idle)
	}
}

// stop takes no more requests, lets those taken finish (at most drain),
// then stops the runs (which drain in turn) and waits for them.
func (v *version) stop(drain time.Duration) {
	v.mu.Lock()
	if !v.closing {
		v.closing = true
		close(v.stopped)
		if v.inflight == 0 {
			close(v.idle)
		}
	}
	if v.state != StateCompleted && v.state != StateFailed {
		v.state, v.since = StateDraining, nowMs()
	}
	v.mu.Unlock()
	t := time.NewTimer(drain)
	defer t.Stop()
	select {
	case <-v.idle:
	case <-t.C:
	}
	v.mu.Lock()
	runs := slices.Clone(v.runs)
	v.mu.Unlock()
	for _, fr := range runs {
		if fr != nil {
			fr.cancel()
		}
	}
	for _, fr := range runs {
		if fr != nil {
			<-fr.done
		}
	}
}

func (v *version) setState(s string) {
	v.mu.Lock()
	v.state, v.since = s, nowMs()
	v.mu.Unlock()
}

func (v *version) status() VersionStatus {
	v.mu.Lock()
	defer v.mu.Unlock()
	vs := VersionStatus{SHA256: v.sha, State: v.state, Since: v.since, Paths: v.paths,
		Flows: slices.Clone(v.flows)}
	if v.b != nil {
		vs.Name, vs.Version = v.b.Manifest.Name, v.b.Manifest.Version
	}
	return vs
}

func shaOf(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func nowMs() int64 { return time.Now().UnixMilli() }

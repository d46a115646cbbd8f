package runtime

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
)

// Defaults for Options fields left zero.
const (
	DefaultBuffer      = 16
	DefaultSampleLimit = 20
	DefaultSampleBytes = 4096
)

// updateInterval is the least time between two OnUpdate calls.
const updateInterval = 100 * time.Millisecond

// Options tune one run. Zero fields take the defaults.
type Options struct {
	// RunID names the run; a random id when empty.
	RunID string
	// Buffer is the capacity of each node's input channel.
	Buffer int
	// SampleLimit caps the received and the emitted samples kept per node;
	// a negative value keeps none.
	SampleLimit int
	// SampleBytes is the largest payload JSON a sample keeps whole; larger
	// payloads are kept as a truncated string preview.
	SampleBytes int
	// OnUpdate receives a snapshot of the record after changes, at most
	// every 100ms, and once more when the run has ended. Calls never
	// overlap.
	OnUpdate func(*Record)
	// OnDebug receives a copy of every message a node passes to IO.Debug.
	// Calls never overlap.
	OnDebug func(nodeID string, m *message.Message)
	// Services are the host's shared resources nodes reach through
	// IO.Service (see registry.Services).
	Services registry.Services
	// IsolateFailures makes a failure that no error port or catcher
	// handles fail only the tracked work it belongs to (its Outcome says
	// so) instead of the whole run: for long-running runs such as `weft
	// run`. It also keeps a source node (one nothing is wired into, such
	// as a webhook rejecting a malformed body) from ending the run with
	// input it could not turn into a message; the failure is counted on
	// the node. Other failures of untracked messages, node errors and
	// panics still fail the run.
	IsolateFailures bool
	// Drain makes the end of ctx a graceful stop: source nodes (those
	// nothing is wired into, such as triggers) are stopped at once, and
	// the rest of the flow gets up to Drain to finish what is in flight —
	// batches flushed, files written, responses sent — before every node
	// is cancelled. Zero stops every node at once.
	Drain time.Duration
	// OnMessage, when set, is told each message's stay at each node (see
	// MessageSpan), for per-message traces. It is called from the nodes'
	// goroutines, so calls overlap; it must be quick, since the node
	// waits for it.
	OnMessage func(MessageSpan)
	// Journal, when set, records every message a source node (one nothing
	// is wired into) emits with IO.EmitTracked before it enters the flow,
	// settles it when its work ends, and redelivers what it wants
	// delivered again while the node runs: see Journal.
	Journal Journal
}

func (o Options) withDefaults() Options {
	if o.RunID == "" {
		o.RunID = message.NewID()
	}
	if o.Buffer <= 0 {
		o.Buffer = DefaultBuffer
	}
	if o.SampleLimit == 0 {
		o.SampleLimit = DefaultSampleLimit
	}
	if o.SampleBytes <= 0 {
		o.SampleBytes = DefaultSampleBytes
	}
	return o
}

// run is the state of one Plan.Run.
type run struct {
	plan    *Plan
	opts    Options
	rec     *Record
	sampler sampler
	ctx     context.Context
	cancel  context.CancelFunc
	// sources is the context of source nodes: ctx, or with Drain a child
	// cancelled as soon as the caller's context ends.
	sources   context.Context
	stopDrain func() bool
	inbox     []chan envelope
	pending   []atomic.Int32 // senders still running, per node
	dirty     atomic.Bool
	// tracked turns on at the first EmitTracked: until then no message
	// carries roots and tracking costs one atomic load per call.
	tracked atomic.Bool

	mu      sync.Mutex // guards failure and failed
	failure error
	failed  map[string]bool
	debugMu sync.Mutex
}

// Run runs the plan until every node has returned, ctx is done or a node
// fails the run, and returns the final record.
func (p *Plan) Run(ctx context.Context, opts Options) *Record {
	opts = opts.withDefaults()
	rec := newRecord(p, opts.RunID)
	if !p.used.CompareAndSwap(false, true) {
		rec.Status, rec.Error, rec.EndedAt = StatusFailed, ErrPlanUsed.Error(), nowMs()
		if opts.OnUpdate != nil {
			opts.OnUpdate(rec.Snapshot())
		}
		return rec
	}
	r := newRun(ctx, p, opts, rec)
	defer r.cancel()
	defer r.stopDrain()
	stopUpdates := r.startUpdates()
	var wg sync.WaitGroup
	for i := range p.nodes {
		wg.Go(func() { r.runNode(i) })
	}
	for i, inputs := range p.seed {
		wg.Go(func() { r.feed(i, inputs) })
	}
	wg.Wait()
	r.finish(ctx)
	stopUpdates()
	return rec
}

func newRecord(p *Plan, id string) *Record {
	rec := &Record{ID: id, FlowID: p.flowID, Status: StatusRunning, StartedAt: nowMs(),
		Nodes: make(map[string]*NodeRecord, len(p.nodes))}
	for _, n := range p.nodes {
		rec.Nodes[n.id] = &NodeRecord{Type: n.typ, Status: NodeIdle, Received: []Sample{}, Emitted: []Sample{}, Failures: []Failure{}}
	}
	return rec
}

func newRun(ctx context.Context, p *Plan, opts Options, rec *Record) *run {
	r := &run{plan: p, opts: opts, rec: rec, failed: map[string]bool{},
		sampler: sampler{limit: max(opts.SampleLimit, 0), bytes: opts.SampleBytes},
		inbox:   make([]chan envelope, len(p.nodes)),
		pending: make([]atomic.Int32, len(p.nodes)),
	}
	r.ctx, r.cancel = context.WithCancel(ctx)
	r.sources, r.stopDrain = r.ctx, func() bool { return false }
	if opts.Drain > 0 {
		r.ctx, r.cancel = context.WithCancel(context.WithoutCancel(ctx))
		var stopSources context.CancelFunc
		r.sources, stopSources = context.WithCancel(r.ctx)
		r.stopDrain = context.AfterFunc(ctx, func() {
			stopSources()
			time.AfterFunc(opts.Drain, r.cancel)
		})
	}
	for i, n := range p.nodes {
		r.inbox[i] = make(chan envelope, opts.Buffer)
		senders := n.senders
		if _, seeded := p.seed[i]; seeded {
			senders++ // the feed of CompileFrom's inputs
		}
		r.pending[i].Store(int32(senders))
		if senders == 0 {
			close(r.inbox[i])
		}
	}
	r.dirty.Store(true)
	return r
}

// runNode runs node i to its end, closes the inputs of its receivers once
// it was their last running sender, and drains its own inputs.
func (r *run) runNode(i int) {
	pn := r.plan.nodes[i]
	io := &nodeIO{run: r, pn: pn, inbox: r.inbox[i]}
	start := time.Now()
	r.change(func(rec *Record) { rec.Nodes[pn.id].Status = NodeRunning })
	ctx := r.ctx
	if pn.senders == 0 {
		ctx = r.sources
	}
	stopRedeliver := r.startRedeliver(ctx, io)
	err := safeRun(ctx, pn, io)
	stopRedeliver()
	io.close()
	io.spanEnd()
	for _, j := range pn.receivers {
		if r.pending[j].Add(-1) == 0 {
			close(r.inbox[j])
		}
	}
	if ctx.Err() != nil {
		io.releaseAll(nil) // the error is a consequence of the cancellation
	} else {
		io.releaseAll(err)
		if err != nil {
			r.fail(pn.id, err)
		}
	}
	failed := r.hasFailed(pn.id)
	r.change(func(rec *Record) {
		n := rec.Nodes[pn.id]
		n.Status = NodeDone
		if failed {
			n.Status = NodeFailed
		}
		n.DurationMs = time.Since(start).Milliseconds()
	})
	// A node may return before its inputs close; discard what its senders
	// still send so they never block on it.
	for env := range r.inbox[i] {
		env.roots.release(r)
	}
}

// feed sends the seeded inputs to node i, then closes its input when it
// was its last sender. It stops early when the run ends.
func (r *run) feed(i int, inputs []registry.Input) {
	defer func() {
		if r.pending[i].Add(-1) == 0 {
			close(r.inbox[i])
		}
	}()
	for _, in := range inputs {
		select {
		case r.inbox[i] <- envelope{in: registry.Input{Port: in.Port, Msg: in.Msg.Clone()}}:
		case <-r.ctx.Done():
			return
		}
	}
}

// safeRun calls the node's Run and turns a panic into an error.
func safeRun(ctx context.Context, pn *planNode, io *nodeIO) (err error) {
	defer func() {
		if x := recover(); x != nil {
			err = fmt.Errorf("panicked: %v", x)
		}
	}()
	return pn.node.Run(ctx, io)
}

// fail records the first failure of the run and cancels every node. It
// ignores errors that arrive once the run is already being cancelled:
// they are consequences, not causes. It returns the error naming the node.
func (r *run) fail(nodeID string, err error) error {
	named := fmt.Errorf("node %q: %w", nodeID, err)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.failure == nil && r.ctx.Err() == nil {
		r.failure = named
		r.failed[nodeID] = true
		r.cancel()
	}
	return named
}

func (r *run) hasFailed(nodeID string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.failed[nodeID]
}

// finish sets the run's final status.
func (r *run) finish(parent context.Context) {
	r.mu.Lock()
	failure := r.failure
	r.mu.Unlock()
	r.change(func(rec *Record) {
		rec.EndedAt = nowMs()
		switch {
		case failure != nil:
			rec.Status, rec.Error = StatusFailed, failure.Error()
		case parent.Err() != nil:
			rec.Status, rec.Error = StatusCancelled, "run cancelled: "+context.Cause(parent).Error()
		default:
			rec.Status = StatusSucceeded
		}
	})
}

// change updates the record and marks it for the next OnUpdate.
func (r *run) change(f func(rec *Record)) {
	r.rec.update(f)
	r.dirty.Store(true)
}

// startUpdates calls OnUpdate with snapshots at most every updateInterval.
// stop waits for the last periodic call, then sends the final snapshot.
func (r *run) startUpdates() (stop func()) {
	onUpdate := r.opts.OnUpdate
	if onUpdate == nil {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(updateInterval)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if r.dirty.Swap(false) {
					onUpdate(r.rec.Snapshot())
				}
			}
		}
	}()
	return func() {
		close(done)
		<-finished
		onUpdate(r.rec.Snapshot())
	}
}

func (r *run) debug(nodeID string, m *message.Message) {
	if r.opts.OnDebug == nil {
		return
	}
	r.debugMu.Lock()
	defer r.debugMu.Unlock()
	r.opts.OnDebug(nodeID, m.Clone())
}

func nowMs() int64 { return time.Now().UnixMilli() }

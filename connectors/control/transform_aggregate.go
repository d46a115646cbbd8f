package control

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/mapping/expr"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

// The metadata aggregate sets on each batch.
const (
	// AggregateKeyMeta is the batch's key (key mode).
	AggregateKeyMeta = "aggregate.key"
	// AggregateCountMeta is how many messages the batch holds.
	AggregateCountMeta = "aggregate.count"
)

// ErrNoSplit is wrapped by the failure of a message that reaches an
// aggregate in "complete splits" mode without split metadata.
var ErrNoSplit = errors.New("the message has no split metadata (split.id, split.count): put a split before")

var _ registry.Node = (*aggregate)(nil)

func aggregateSpec() spec.Spec {
	return spec.Spec{
		Type:     "control.aggregate",
		Title:    "Aggregate",
		Category: spec.Transform,
		Icon:     "layers",
		Description: "Collects messages into batches and emits each batch as one message whose payload is the " +
			"array of their payloads. A batch is emitted when it holds `count` messages, when `windowMs` has passed " +
			"since its first message, and when the input ends (on shutdown); with a key, each key has its own " +
			"batch. \"Complete splits\" puts a split's parts back together: one batch per split.id, emitted when " +
			"it holds split.count parts, in split.index order, with the id of the message that was split. " +
			"Bad input: a key expression that throws or gives null, or a message without split metadata in " +
			"\"complete splits\" mode, goes to the error port with the reason; the other messages continue.",
		Inputs:  []spec.Port{{Name: "in"}},
		Outputs: []spec.Port{{Name: "out", Description: "One message per batch: an array of payloads."}},
		Config: []spec.Field{
			{Name: "count", Title: "Batch size", Type: spec.Integer, Default: 100.0, Minimum: minimum(0),
				Description: "Emit a batch when it holds this many messages; 0 for no limit."},
			{Name: "windowMs", Title: "Time window (ms)", Type: spec.Integer, Default: 0.0, Minimum: minimum(0),
				Description: "Emit a batch this long after its first message; 0 for no time limit."},
			{Name: "key", Title: "Group by", Type: spec.String, Editor: spec.EditorJavaScript,
				Description: "Optional JavaScript expression over the payload; messages with the same key are batched together.",
				Examples:    []any{"customerId"}, ShowIf: &spec.Condition{Field: "completeSplits", Equals: []any{false}}},
			{Name: "completeSplits", Title: "Complete splits", Type: spec.Boolean, Default: false,
				Description: "Group by split.id and emit when all split.count parts have arrived."},
			{Name: "maxMessages", Title: "Max held messages", Type: spec.Integer, Default: 10000.0, Minimum: minimum(1),
				Advanced: true, Description: "When this many messages are held, the oldest batch is emitted early."},
		},
	}
}

// aggregate batches messages by count, time and key.
type aggregate struct {
	count, max int
	window     time.Duration
	key        expr.Program // nil: one batch at a time
	splits     bool
}

func newAggregate(_ flow.Node, cfg map[string]any) (registry.Node, error) {
	a := &aggregate{}
	count, err := spec.Int(cfg, "count")
	if err != nil {
		return nil, err
	}
	maxMsgs, err := spec.Int(cfg, "maxMessages")
	if err != nil {
		return nil, err
	}
	a.count, a.max = int(count), int(max(maxMsgs, 1))
	if a.window, err = millis(cfg, "windowMs"); err != nil {
		return nil, err
	}
	if a.splits, err = spec.Bool(cfg, "completeSplits"); err != nil {
		return nil, err
	}
	src, err := spec.Text(cfg, "key")
	if err == nil && src != "" && !a.splits {
		a.key, err = compile("key", src)
	}
	return a, err
}

// batch is the messages held for one key.
type batch struct {
	key  string
	msgs []*message.Message
	due  time.Time // zero: no time limit
	want int       // split.count in split mode
}

// batches is an aggregate's state while it runs.
type batches struct {
	*aggregate
	io    registry.IO
	open  map[string]*batch
	order []*batch // oldest first
	held  int
}

// Run implements registry.Node.
func (a *aggregate) Run(ctx context.Context, io registry.IO) error {
	s := &batches{aggregate: a, io: io, open: map[string]*batch{}}
	for {
		in, got := receiveUntil(ctx, io, s.deadline())
		var err error
		switch got {
		case gotEnd:
			if ctx.Err() != nil {
				return nil
			}
			return s.flushWhere(ctx, func(*batch) bool { return true })
		case gotTimer:
			now := time.Now()
			err = s.flushWhere(ctx, func(b *batch) bool { return !b.due.IsZero() && !now.Before(b.due) })
		case gotInput:
			err = s.add(ctx, in.Msg)
		}
		if err != nil {
			return err
		}
	}
}

// deadline is when the oldest batch is due: batches open in order and
// share one window, so it is the earliest.
func (s *batches) deadline() time.Time {
	if len(s.order) == 0 {
		return time.Time{}
	}
	return s.order[0].due
}

// add keeps m in its batch and emits the batch when it is complete.
func (s *batches) add(ctx context.Context, m *message.Message) error {
	k, want, err := s.group(ctx, m)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return s.io.Fail(ctx, m, err)
	}
	b := s.open[k]
	if b == nil {
		b = &batch{key: k, want: want}
		if s.window > 0 {
			b.due = time.Now().Add(s.window)
		}
		s.open[k] = b
		s.order = append(s.order, b)
	}
	s.io.Keep(m)
	b.msgs = append(b.msgs, m)
	s.held++
	switch {
	case s.count > 0 && len(b.msgs) >= s.count, b.want > 0 && len(b.msgs) >= b.want:
		return s.flush(ctx, b)
	case s.held >= s.max:
		return s.flush(ctx, s.order[0])
	}
	return nil
}

// group returns the batch key of m and, in split mode, its part count.
func (s *batches) group(ctx context.Context, m *message.Message) (string, int, error) {
	switch {
	case s.splits:
		var n int
		id := m.Meta[SplitIDMeta]
		if _, err := fmt.Sscan(m.Meta[SplitCountMeta], &n); err != nil || id == "" || n < 1 {
			return "", 0, ErrNoSplit
		}
		return id, n, nil
	case s.key != nil:
		k, err := key(ctx, s.key, m.Payload)
		return k, 0, err
	}
	return "", 0, nil
}

// flushWhere emits every batch for which due returns true, oldest first.
func (s *batches) flushWhere(ctx context.Context, due func(*batch) bool) error {
	for _, b := range slices.Clone(s.order) {
		if due(b) {
			if err := s.flush(ctx, b); err != nil {
				return err
			}
		}
	}
	return nil
}

// flush emits b as one message derived from all its messages.
func (s *batches) flush(ctx context.Context, b *batch) error {
	delete(s.open, b.key)
	s.order = slices.DeleteFunc(s.order, func(x *batch) bool { return x == b })
	s.held -= len(b.msgs)
	out := s.combine(b)
	s.io.Adopt(out, b.msgs...)
	s.io.Done(b.msgs...)
	defer s.io.Done(out)
	return s.io.Emit(ctx, "out", out)
}

// combine builds the batch message.
func (s *batches) combine(b *batch) *message.Message {
	if s.splits {
		return reassemble(b)
	}
	items := make([]any, len(b.msgs))
	for i, m := range b.msgs {
		items[i] = m.Payload
	}
	meta := map[string]string{AggregateCountMeta: fmt.Sprint(len(items))}
	if s.key != nil {
		meta[AggregateKeyMeta] = b.key
	}
	return &message.Message{ID: message.NewID(), Payload: items, Meta: meta}
}

// reassemble puts split parts back in index order under the split id, with
// the first part's metadata minus the split keys.
func reassemble(b *batch) *message.Message {
	parts := slices.Clone(b.msgs)
	slices.SortStableFunc(parts, func(x, y *message.Message) int {
		var i, j int
		_, _ = fmt.Sscan(x.Meta[SplitIndexMeta], &i)
		_, _ = fmt.Sscan(y.Meta[SplitIndexMeta], &j)
		return i - j
	})
	items := make([]any, len(parts))
	for i, m := range parts {
		items[i] = m.Payload
	}
	meta := map[string]string{AggregateCountMeta: fmt.Sprint(len(items))}
	for k, v := range parts[0].Meta {
		if k != SplitIDMeta && k != SplitIndexMeta && k != SplitCountMeta {
			meta[k] = v
		}
	}
	return &message.Message{ID: b.key, Payload: items, Meta: meta}
}

package control

import (
	"context"
	"maps"
	"time"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/mapping/expr"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

// The metadata join sets.
const (
	// JoinKeyMeta is the key a joined or unmatched message had.
	JoinKeyMeta = "join.key"
	// JoinSideMeta is the input an unmatched message came from: left or right.
	JoinSideMeta = "join.side"
	// JoinReasonMeta says why a message left unmatched: timeout, evicted
	// (too many were waiting) or shutdown (the inputs ended).
	JoinReasonMeta = "join.reason"
)

var _ registry.Node = (*join)(nil)

func joinSpec() spec.Spec {
	return spec.Spec{
		Type:     "control.join",
		Title:    "Join",
		Category: spec.Transform,
		Icon:     "merge",
		Description: "Pairs messages from two inputs by key: a message waits on its input until one with the same " +
			"key arrives on the other (first come, first paired), then both leave as one message {left, right} " +
			"carrying the left message's metadata and join.key. Keys are JavaScript expressions over each payload " +
			"and compare by their text (1 and \"1\" match). A message that waits longer than the timeout, that is " +
			"the oldest when too many wait, or that still waits when the inputs end, leaves unchanged on " +
			"\"unmatched\" with join.side and join.reason (timeout, evicted, shutdown). Bad input: a key expression " +
			"that throws or gives null sends the message to the error port with the reason; the others continue.",
		Inputs: []spec.Port{{Name: "left"}, {Name: "right"}},
		Outputs: []spec.Port{
			{Name: "out", Description: "Joined pairs: {left, right}."},
			{Name: "unmatched", Description: "Messages that found no partner, unchanged."},
		},
		Config: []spec.Field{
			{Name: "leftKey", Title: "Left key", Type: spec.String, Editor: spec.EditorJavaScript, Required: true,
				Default: "id", Description: "The key of a message on the left input."},
			{Name: "rightKey", Title: "Right key", Type: spec.String, Editor: spec.EditorJavaScript, Required: true,
				Default: "id", Description: "The key of a message on the right input."},
			{Name: "timeoutMs", Title: "Timeout (ms)", Type: spec.Integer, Default: 60000.0, Minimum: minimum(1),
				Description: "How long a message waits for its partner."},
			{Name: "maxPending", Title: "Max waiting", Type: spec.Integer, Default: 10000.0, Minimum: minimum(1),
				Advanced: true, Description: "When more messages wait, the oldest leaves unmatched."},
		},
	}
}

// join pairs left and right messages by key.
type join struct {
	keys    map[string]expr.Program // by input port
	timeout time.Duration
	max     int
}

func newJoin(_ flow.Node, cfg map[string]any) (registry.Node, error) {
	j := &join{keys: map[string]expr.Program{}}
	for _, pf := range [][2]string{{"left", "leftKey"}, {"right", "rightKey"}} {
		port, field := pf[0], pf[1]
		src, err := spec.Text(cfg, field)
		if err != nil {
			return nil, err
		}
		if j.keys[port], err = compile(field, src); err != nil {
			return nil, err
		}
	}
	var err error
	if j.timeout, err = millis(cfg, "timeoutMs"); err != nil {
		return nil, err
	}
	n, err := spec.Int(cfg, "maxPending")
	j.max = int(max(n, 1))
	return j, err
}

// waiting is a kept message waiting for its partner.
type waiting struct {
	m         *message.Message
	side, key string
	due       time.Time
	gone      bool // paired or sent out unmatched
}

// pairing is a join's state while it runs.
type pairing struct {
	*join
	io    registry.IO
	byKey map[string][]*waiting // side + "\x00" + key → oldest first
	queue []*waiting            // every waiting message, oldest first
	live  int
}

// Run implements registry.Node.
func (j *join) Run(ctx context.Context, io registry.IO) error {
	p := &pairing{join: j, io: io, byKey: map[string][]*waiting{}}
	for {
		in, got := receiveUntil(ctx, io, p.deadline())
		var err error
		switch got {
		case gotEnd:
			if ctx.Err() != nil {
				return nil
			}
			return p.expire(ctx, time.Time{}, "shutdown")
		case gotTimer:
			err = p.expire(ctx, time.Now(), "timeout")
		case gotInput:
			err = p.add(ctx, in)
		}
		if err != nil {
			return err
		}
	}
}

func (p *pairing) deadline() time.Time {
	p.compact()
	if len(p.queue) == 0 {
		return time.Time{}
	}
	return p.queue[0].due
}

// compact drops gone messages from the front of the queue.
func (p *pairing) compact() {
	for len(p.queue) > 0 && p.queue[0].gone {
		p.queue = p.queue[1:]
	}
}

// add pairs in with a waiting partner, or keeps it waiting.
func (p *pairing) add(ctx context.Context, in registry.Input) error {
	k, err := key(ctx, p.keys[in.Port], in.Msg.Payload)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return p.io.Fail(ctx, in.Msg, err)
	}
	other := "left"
	if in.Port == "left" {
		other = "right"
	}
	if w := p.take(other, k); w != nil {
		left, right := in.Msg, w.m
		if in.Port == "right" {
			left, right = w.m, in.Msg
		}
		return p.emitPair(ctx, left, right, k)
	}
	p.io.Keep(in.Msg)
	w := &waiting{m: in.Msg, side: in.Port, key: k, due: time.Now().Add(p.timeout)}
	p.byKey[in.Port+"\x00"+k] = append(p.byKey[in.Port+"\x00"+k], w)
	p.queue = append(p.queue, w)
	p.live++
	if p.live > p.max {
		p.compact()
		return p.unmatched(ctx, p.queue[0], "evicted")
	}
	return nil
}

// take removes and returns the oldest message waiting on side with key k.
func (p *pairing) take(side, k string) *waiting {
	id := side + "\x00" + k
	list := p.byKey[id]
	if len(list) == 0 {
		return nil
	}
	w := list[0]
	if len(list) == 1 {
		delete(p.byKey, id)
	} else {
		p.byKey[id] = list[1:]
	}
	w.gone = true
	p.live--
	return w
}

// emitPair emits {left, right}, derived from both.
func (p *pairing) emitPair(ctx context.Context, left, right *message.Message, k string) error {
	meta := maps.Clone(left.Meta)
	if meta == nil {
		meta = map[string]string{}
	}
	meta[JoinKeyMeta] = k
	out := &message.Message{ID: message.NewID(), Payload: map[string]any{"left": left.Payload, "right": right.Payload}, Meta: meta}
	p.io.Adopt(out, left, right)
	p.io.Done(left, right)
	defer p.io.Done(out)
	return p.io.Emit(ctx, "out", out)
}

// expire sends out every waiting message due at now (all of them when now
// is zero), oldest first.
func (p *pairing) expire(ctx context.Context, now time.Time, reason string) error {
	for p.compact(); len(p.queue) > 0 && (now.IsZero() || !now.Before(p.queue[0].due)); p.compact() {
		if err := p.unmatched(ctx, p.queue[0], reason); err != nil {
			return err
		}
	}
	return nil
}

// unmatched sends w out of "unmatched".
func (p *pairing) unmatched(ctx context.Context, w *waiting, reason string) error {
	p.take(w.side, w.key) // the oldest of its key is the oldest overall
	if w.m.Meta == nil {
		w.m.Meta = map[string]string{}
	}
	w.m.Meta[JoinKeyMeta], w.m.Meta[JoinSideMeta], w.m.Meta[JoinReasonMeta] = w.key, w.side, reason
	defer p.io.Done(w.m)
	return p.io.Emit(ctx, "unmatched", w.m)
}

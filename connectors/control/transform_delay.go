package control

import (
	"context"
	"time"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

var _ registry.Node = (*delay)(nil)

func delaySpec() spec.Spec {
	return spec.Spec{
		Type:     "control.delay",
		Title:    "Delay",
		Category: spec.Transform,
		Icon:     "clock",
		Description: "Holds each message for a fixed time, then passes it on unchanged, in arrival order. Messages " +
			"are delayed side by side: a hundred messages with a one-second delay all leave after about one second. " +
			"When `maxPending` messages are held, the node stops taking new ones until the oldest leaves (upstream " +
			"slows down). When the input ends, the held messages still wait out their delay. Bad input: none; " +
			"every message is passed on.",
		Inputs:  []spec.Port{{Name: "in"}},
		Outputs: []spec.Port{{Name: "out", Description: "The same messages, later."}},
		Config: []spec.Field{
			{Name: "delayMs", Title: "Delay (ms)", Type: spec.Integer, Required: true, Default: 1000.0,
				Minimum: minimum(0), Description: "How long each message is held."},
			{Name: "maxPending", Title: "Max held", Type: spec.Integer, Default: 1000.0, Minimum: minimum(1),
				Advanced: true, Description: "How many messages may be held at once."},
		},
	}
}

// delay holds messages for a fixed time.
type delay struct {
	wait time.Duration
	max  int
}

func newDelay(_ flow.Node, cfg map[string]any) (registry.Node, error) {
	d, err := millis(cfg, "delayMs")
	if err != nil {
		return nil, err
	}
	n, err := spec.Int(cfg, "maxPending")
	return &delay{wait: d, max: int(max(n, 1))}, err
}

type held struct {
	m   *message.Message
	due time.Time
}

// Run implements registry.Node.
func (d *delay) Run(ctx context.Context, io registry.IO) error {
	var queue []held // due times only grow: oldest first
	release := func(ctx context.Context, all bool) error {
		for len(queue) > 0 && (all || !time.Now().Before(queue[0].due)) {
			h := queue[0]
			queue = queue[1:]
			if err := sleepUntil(ctx, h.due); err != nil {
				return nil // cancelled: kept messages are done when Run returns
			}
			err := io.Emit(ctx, "out", h.m)
			io.Done(h.m)
			if err != nil {
				return err
			}
		}
		return nil
	}
	for {
		if len(queue) >= d.max {
			if sleepUntil(ctx, queue[0].due) != nil {
				return nil
			}
			if err := release(ctx, false); err != nil {
				return err
			}
			continue
		}
		var next time.Time
		if len(queue) > 0 {
			next = queue[0].due
		}
		in, got := receiveUntil(ctx, io, next)
		switch got {
		case gotEnd:
			if ctx.Err() != nil {
				return nil
			}
			return release(ctx, true)
		case gotTimer:
			if err := release(ctx, false); err != nil {
				return err
			}
		case gotInput:
			io.Keep(in.Msg)
			queue = append(queue, held{m: in.Msg, due: time.Now().Add(d.wait)})
		}
	}
}

// sleepUntil waits until t or until ctx is done.
func sleepUntil(ctx context.Context, t time.Time) error {
	wait := time.Until(t)
	if wait <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

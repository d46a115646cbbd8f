package control

import (
	"context"
	"time"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

var _ registry.Node = (*rateLimit)(nil)

func rateLimitSpec() spec.Spec {
	return spec.Spec{
		Type:     "control.ratelimit",
		Title:    "Rate limit",
		Category: spec.Transform,
		Icon:     "gauge",
		Description: "Lets at most `rate` messages through per `perMs` milliseconds (a token bucket holding up to " +
			"`burst` messages' worth). Over the limit it either waits (the default: upstream slows down, nothing is " +
			"lost) or sends the message out of \"rejected\" at once. Bad input: none; every message is passed on " +
			"or rejected unchanged.",
		Inputs: []spec.Port{{Name: "in"}},
		Outputs: []spec.Port{
			{Name: "out", Description: "Messages within the limit, unchanged."},
			{Name: "rejected", Description: "Messages over the limit (reject mode), unchanged."},
		},
		Config: []spec.Field{
			{Name: "rate", Title: "Messages", Type: spec.Integer, Required: true, Default: 10.0, Minimum: minimum(1),
				Description: "How many messages may pass per interval."},
			{Name: "perMs", Title: "Interval (ms)", Type: spec.Integer, Required: true, Default: 1000.0, Minimum: minimum(1),
				Description: "The interval the rate is counted over."},
			{Name: "burst", Title: "Burst", Type: spec.Integer, Default: 1.0, Minimum: minimum(1), Advanced: true,
				Description: "How many messages may pass back to back after a quiet spell."},
			{Name: "onLimit", Title: "Over the limit", Type: spec.String, Enum: []string{"wait", "reject"}, Default: "wait",
				Description: "wait: hold the message until it may pass; reject: send it out of \"rejected\"."},
		},
	}
}

// rateLimit passes messages through a token bucket.
type rateLimit struct {
	every  time.Duration // one token per every
	burst  float64
	reject bool
}

func newRateLimit(_ flow.Node, cfg map[string]any) (registry.Node, error) {
	var vals [3]int64
	for i, f := range []string{"rate", "perMs", "burst"} {
		v, err := spec.Int(cfg, f)
		if err != nil {
			return nil, err
		}
		vals[i] = max(v, 1)
	}
	mode, err := spec.Text(cfg, "onLimit")
	every := time.Duration(vals[1]) * time.Millisecond / time.Duration(vals[0])
	return &rateLimit{every: max(every, 1), burst: float64(vals[2]), reject: mode == "reject"}, err
}

// bucket is a token bucket refilled one token per every.
type bucket struct {
	tokens float64
	last   time.Time
}

// take takes a token at now if there is one; otherwise it returns how long
// until there is.
func (r *rateLimit) take(b *bucket, now time.Time) time.Duration {
	b.tokens = min(r.burst, b.tokens+float64(now.Sub(b.last))/float64(r.every))
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return 0
	}
	return time.Duration((1 - b.tokens) * float64(r.every))
}

// Run implements registry.Node.
func (r *rateLimit) Run(ctx context.Context, io registry.IO) error {
	b := &bucket{tokens: r.burst, last: time.Now()}
	for {
		in, ok := io.Receive(ctx)
		if !ok {
			return nil
		}
		port := "out"
		for wait := r.take(b, time.Now()); wait > 0; wait = r.take(b, time.Now()) {
			if r.reject {
				port = "rejected"
				break
			}
			if sleepUntil(ctx, time.Now().Add(wait)) != nil {
				return nil
			}
		}
		if err := io.Emit(ctx, port, in.Msg); err != nil {
			return err
		}
	}
}

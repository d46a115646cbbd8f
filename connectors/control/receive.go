package control

import (
	"context"
	"time"

	"github.com/weftworks/weft/engine/registry"
)

// received is what receiveUntil got.
type received int

const (
	gotInput received = iota // an input arrived
	gotTimer                 // the deadline passed first
	gotEnd                   // the inputs are closed or the run is over
)

// receiveUntil waits for the next input, but no later than deadline (no
// limit when it is zero), so that a node holding messages can act on time
// from the goroutine that calls Receive.
func receiveUntil(ctx context.Context, io registry.IO, deadline time.Time) (registry.Input, received) {
	if deadline.IsZero() {
		in, ok := io.Receive(ctx)
		if !ok {
			return in, gotEnd
		}
		return in, gotInput
	}
	wait, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	in, ok := io.Receive(wait)
	switch {
	case ok:
		return in, gotInput
	case ctx.Err() == nil && wait.Err() != nil:
		return in, gotTimer
	}
	return in, gotEnd
}

package retry

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// Defaults for Policy fields left zero.
const (
	DefaultAttempts   = 3
	DefaultInitial    = 100 * time.Millisecond
	DefaultMax        = 10 * time.Second
	DefaultMultiplier = 2.0
	DefaultJitter     = 0.2
)

// Policy says how often and how patiently to retry. Zero fields take the
// defaults.
type Policy struct {
	// Attempts is the most calls, the first one included.
	Attempts int
	// Initial is the wait after the first failed attempt.
	Initial time.Duration
	// Max caps the wait between two attempts (a server's After hint may
	// ask for longer and is honoured).
	Max time.Duration
	// Multiplier grows the wait after each failed attempt.
	Multiplier float64
	// Jitter spreads each wait randomly by up to this fraction either way,
	// so that clients failing together do not retry together; a negative
	// value turns it off.
	Jitter float64
}

func (p Policy) withDefaults() Policy {
	if p.Attempts <= 0 {
		p.Attempts = DefaultAttempts
	}
	if p.Initial <= 0 {
		p.Initial = DefaultInitial
	}
	if p.Max <= 0 {
		p.Max = DefaultMax
	}
	if p.Multiplier < 1 {
		p.Multiplier = DefaultMultiplier
	}
	if p.Jitter == 0 {
		p.Jitter = DefaultJitter
	}
	p.Jitter = min(max(p.Jitter, 0), 1)
	return p
}

// Do calls fn (attempt counts from 1) until it returns nil, returns an
// error marked Permanent, has been called Policy.Attempts times, or ctx is
// done, waiting Delay between calls. It returns nil, the permanent error
// (unwrapped), the last error wrapped with the number of attempts, or
// ctx's error joined with the last error.
func (p Policy) Do(ctx context.Context, fn func(ctx context.Context, attempt int) error) error {
	p = p.withDefaults()
	for attempt := 1; ; attempt++ {
		err := fn(ctx, attempt)
		if err == nil {
			return nil
		}
		if perm, ok := errors.AsType[*permanentError](err); ok {
			return perm.err
		}
		if attempt >= p.Attempts {
			return fmt.Errorf("after %d attempts: %w", attempt, err)
		}
		if werr := wait(ctx, p.Delay(attempt, err, rand.Float64())); werr != nil {
			return errors.Join(werr, err)
		}
	}
}

// Delay returns how long Do waits after failed attempt number attempt
// with err, given a random number rnd in [0, 1): Initial ×
// Multiplier^(attempt-1), capped at Max, spread by Jitter; at least the
// wait an After hint in err asks for.
func (p Policy) Delay(attempt int, err error, rnd float64) time.Duration {
	p = p.withDefaults()
	d := float64(p.Initial) * math.Pow(p.Multiplier, float64(max(attempt, 1)-1))
	d = min(d, float64(p.Max))
	d *= 1 - p.Jitter + 2*p.Jitter*rnd
	wait := time.Duration(min(d, float64(p.Max)))
	if hint, ok := errors.AsType[*afterError](err); ok {
		wait = max(wait, hint.after)
	}
	return wait
}

func wait(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

package credcheck

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/weftworks/weft/engine/credential"
)

// ErrNotTestable is returned for a credential kind that has no test.
var ErrNotTestable = errors.New("this kind of credential cannot be tested on its own")

// ErrTargetRequired is returned when the kind's test needs a target (a
// URL or server address) and none was given.
var ErrTargetRequired = errors.New("a URL or server address to test against is required")

// Timeout bounds one check when ctx has no earlier deadline.
const Timeout = 10 * time.Second

// Result is the verdict of a check.
type Result struct {
	OK      bool   `json:"ok"`
	Message string `json:"message"`
}

func pass(format string, args ...any) Result {
	return Result{OK: true, Message: fmt.Sprintf(format, args...)}
}

func fail(format string, args ...any) Result {
	return Result{Message: fmt.Sprintf(format, args...)}
}

// Check tries c. target is the URL to GET (basic, bearer, apikey) or the
// server to connect to (nats: a nats:// URL; kafka: seed brokers,
// comma-separated); other kinds ignore it.
func Check(ctx context.Context, c credential.Credential, target string) (Result, error) {
	c = credential.WithDefaults(c)
	spec, ok := credential.SpecOf(c.Kind)
	if !ok || spec.Test == credential.TestNone {
		return Result{}, fmt.Errorf("credential %q (%s): %w", c.Name, c.Kind, ErrNotTestable)
	}
	if (spec.Test == credential.TestURL || spec.Test == credential.TestServer) && target == "" {
		return Result{}, fmt.Errorf("credential %q: %w", c.Name, ErrTargetRequired)
	}
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	switch spec.Test {
	case credential.TestURL:
		return checkURL(ctx, c, target), nil
	case credential.TestToken:
		return checkToken(ctx, c), nil
	case credential.TestDial:
		return checkDSN(ctx, c.Field("dsn")), nil
	case credential.TestServer:
		if c.Kind == credential.Kafka {
			return checkKafka(ctx, c, target), nil
		}
		return checkNATS(ctx, c, target), nil
	}
	return Result{}, fmt.Errorf("credential %q (%s): %w", c.Name, c.Kind, ErrNotTestable)
}

package registry

import "errors"

// ErrNotAccepted is wrapped by IO.EmitTracked's error when the host's
// journal (the runner's spool) refused the message: it never entered the
// flow, and the trigger must not acknowledge it (a webhook answers 503)
// but may go on running.
var ErrNotAccepted = errors.New("message not accepted")

// Outcome statuses.
const (
	// OutcomeSucceeded: every derived message was processed and none failed.
	OutcomeSucceeded = "succeeded"
	// OutcomeFailed: a derived message failed; Node and Err say where and
	// why, Handled whether the flow dealt with it.
	OutcomeFailed = "failed"
	// OutcomeCancelled: the run was cancelled or failed for another
	// reason before every derived message was processed.
	OutcomeCancelled = "cancelled"
)

// Outcome is how the work that a tracked message started ended.
type Outcome struct {
	// Status is OutcomeSucceeded, OutcomeFailed or OutcomeCancelled.
	Status string
	// Node is the id of the node where a derived message failed (the
	// first unhandled failure, else the first handled one).
	Node string
	// Err is the failure reason, or the cancellation cause.
	Err error
	// Handled is true for a failed outcome whose every failure went out
	// of a wired error port or to a catcher: the flow dealt with it and
	// the run went on.
	Handled bool
}

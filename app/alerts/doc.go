// Package alerts decides when a flow's usage crosses a rule's threshold
// and delivers the alert to a webhook (a JSON POST) or by email (SMTP).
//
// # Basics
//
// A Rule names a metric — the error rate (errors per message handled),
// the mean run latency in milliseconds, the share of the monthly budget
// spent, or the messages dead-lettered on the runners — a threshold, a
// window in minutes and where to deliver. Value computes a metric from
// the counters of the window; Check says whether a rule fires; Notifier
// delivers. A rule fires at most once per window for a flow (the caller
// keeps the last firing; see Due).
//
// # Caveats
//
// Email goes to an SMTP relay without authentication or TLS (a local
// relay or a test server); put a relay in front for anything else.
// Studio has no dead-letter store: the caller counts a DeadLetters rule's
// value from the runners (app.WatchDeadLetters asks the deploy targets).
//
// This package imports engine/usage and the standard library; it must
// never import app/httpapi.
package alerts

// Package schedule holds the schedule trigger: schedule.trigger emits a
// message on a cron expression (with seconds and a time zone, parsed by
// github.com/robfig/cron/v3) or at a fixed interval, and can skip a tick
// while the work of the previous one is still going.
//
// The package embeds the time zone database (time/tzdata) so that a
// static runner binary resolves zone names on a machine without one.
//
// Each node type lives in its own file named <kind>_<name>.go and is added
// to a registry by Register.
//
// This package imports engine packages only; it must never import app,
// another connector family or Wails.
package schedule

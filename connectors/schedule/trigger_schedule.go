package schedule

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"time"
	_ "time/tzdata" // zone names resolve in a static binary too

	"github.com/robfig/cron/v3"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

// Metadata keys the schedule trigger sets.
const (
	// TimeMeta is the scheduled time of the tick, RFC 3339 in the zone.
	TimeMeta = "schedule.time"
	// SkippedMeta counts the ticks skipped since the previous message.
	SkippedMeta = "schedule.skipped"
)

var _ registry.Node = (*scheduleNode)(nil)

func scheduleSpec() spec.Spec {
	minInterval, zero := 10.0, 0.0
	return spec.Spec{
		Type:     "schedule.trigger",
		Title:    "Schedule",
		Category: spec.Trigger,
		Trigger:  &spec.TriggerTraits{Kind: spec.TriggerSource},
		Icon:     "clock",
		Description: "Emits a message on a cron schedule or at a fixed interval while the flow runs. Cron has six " +
			"fields with seconds (sec min hour day month weekday), or the usual five, or @hourly, @daily, @every 1h30m; " +
			"it is read in the chosen time zone. With \"skip if still running\" a tick is skipped while the work of " +
			"the previous one is going (the skip shows in the debug output and in the next message's metadata " +
			"schedule.skipped). The payload is {time, unixMs, count, skipped} unless a payload is set. Ticks missed " +
			"while the machine slept are not made up. Bad input: none at run time; an invalid expression or time " +
			"zone is a config error. Under weft serve --cluster a tick fires on one runner only (the one holding the " +
			"schedule's lease).",
		Outputs: []spec.Port{{Name: "out", Description: "One message per tick."}},
		Config: []spec.Field{{
			Name: "mode", Title: "Mode", Type: spec.String, Default: "cron", Enum: []string{"cron", "interval"},
		}, {
			Name: "cron", Title: "Cron expression", Type: spec.String, Default: "0 * * * * *",
			ShowIf:      &spec.Condition{Field: "mode", Equals: []any{"cron"}},
			Description: "sec min hour day month weekday (seconds optional), or a descriptor like @hourly.",
			Examples:    []any{"0 */5 * * * *", "0 30 8 * * MON-FRI", "@daily"},
		}, {
			Name: "timezone", Title: "Time zone", Type: spec.String,
			ShowIf:      &spec.Condition{Field: "mode", Equals: []any{"cron"}},
			Description: "An IANA zone name the cron expression is read in; empty: the machine's local time.",
			Examples:    []any{"UTC", "Europe/Berlin", "America/New_York"},
		}, {
			Name: "intervalMs", Title: "Interval (ms)", Type: spec.Integer, Default: 60000.0, Minimum: &minInterval,
			ShowIf:      &spec.Condition{Field: "mode", Equals: []any{"interval"}},
			Description: "The time between ticks; the first tick comes one interval after the start.",
		}, {
			Name: "skipIfRunning", Title: "Skip if still running", Type: spec.Boolean, Default: true,
			Description: "Skip a tick while the messages of the previous one are still being processed.",
		}, {
			Name: "payload", Title: "Payload", Type: spec.String, Editor: spec.EditorJSON, Advanced: true,
			Description: "A JSON value to emit on every tick instead of the tick's details.",
		}, {
			Name: "limit", Title: "Stop after", Type: spec.Integer, Default: 0.0, Minimum: &zero, Advanced: true,
			Description: "Stop after this many messages; 0: run until the flow is stopped.",
		}},
	}
}

// Lease is a host service for processes that run the same flow side by
// side (weft serve --cluster): a tick fires only in the process that
// holds the node's lease, so a schedule fires once however many run it.
type Lease interface {
	// Held reports whether this process may fire the tick of the
	// schedule node now; it keeps trying to take the lease while ctx
	// lasts and gives it up when ctx ends.
	Held(ctx context.Context, node string) bool
}

// LeaseKey is the host service key of the Lease; without one every tick
// fires.
var LeaseKey = registry.NewKey[Lease]("schedule.lease")

// scheduleNode emits ticks.
type scheduleNode struct {
	id      string
	next    func(after time.Time) time.Time
	loc     *time.Location
	skip    bool
	payload any // nil: the tick's details
	limit   int64
}

func newSchedule(n flow.Node, cfg map[string]any) (registry.Node, error) {
	rd := spec.NewReader(cfg)
	s := &scheduleNode{id: n.ID, skip: rd.Bool("skipIfRunning"), limit: rd.Int("limit"), loc: time.Local}
	if err := s.configure(rd); err != nil {
		return nil, err
	}
	if src := strings.TrimSpace(rd.Text("payload")); src != "" {
		if err := json.Unmarshal([]byte(src), &s.payload); err != nil {
			return nil, fmt.Errorf("field %q: invalid JSON: %w", "payload", err)
		}
		if o, err := jsoncodec.DecodeFull([]byte(src)); err == nil {
			s.payload = o // the same value in the typed key order
		}
	}
	return s, rd.Err()
}

// configure sets next from the mode's fields.
func (s *scheduleNode) configure(rd *spec.Reader) error {
	if rd.Text("mode") == "interval" {
		every := time.Duration(rd.Int("intervalMs")) * time.Millisecond
		s.next = func(after time.Time) time.Time { return after.Add(every) }
		return nil
	}
	if tz := rd.Text("timezone"); tz != "" {
		loc, err := time.LoadLocation(tz)
		if err != nil {
			return fmt.Errorf("field %q: unknown time zone %q", "timezone", tz)
		}
		s.loc = loc
	}
	expr := strings.TrimSpace(rd.Text("cron"))
	if strings.HasPrefix(expr, "CRON_TZ=") || strings.HasPrefix(expr, "TZ=") {
		return fmt.Errorf("field %q: set the time zone in the Time zone field", "cron")
	}
	parser := cron.NewParser(cron.SecondOptional | cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)
	sched, err := parser.Parse("CRON_TZ=" + s.loc.String() + " " + expr)
	if err != nil {
		return fmt.Errorf("field %q: %w", "cron", err)
	}
	s.next = sched.Next
	return nil
}

// Run implements registry.Node.
func (s *scheduleNode) Run(ctx context.Context, nio registry.IO) error {
	var running atomic.Bool
	var count, skipped int64
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	at := s.next(time.Now())
	lease, leased := registry.ServiceOf(nio, LeaseKey)
	for s.limit == 0 || count < s.limit {
		if at.IsZero() {
			return nil // a cron expression with no future time
		}
		timer.Reset(time.Until(at))
		select {
		case <-ctx.Done():
			return nil
		case <-timer.C:
		}
		switch {
		case leased && !lease.Held(ctx, s.id):
			// Another process holds the lease: the tick is its to fire.
		case s.skip && running.Load():
			skipped++
			nio.Debug(message.New(map[string]any{"skipped": at.In(s.loc).Format(time.RFC3339), "reason": "the previous tick's work is still going"}))
		default:
			count++
			if err := s.emit(ctx, nio, at, count, skipped, &running); err != nil {
				return err
			}
			skipped = 0
		}
		at = s.next(maxTime(at, time.Now()))
	}
	return nil
}

func (s *scheduleNode) emit(ctx context.Context, nio registry.IO, at time.Time, count, skipped int64, running *atomic.Bool) error {
	when := at.In(s.loc).Format(time.RFC3339Nano)
	payload := message.CloneValue(s.payload)
	if s.payload == nil {
		payload = map[string]any{"time": when, "unixMs": float64(at.UnixMilli()), "count": float64(count), "skipped": float64(skipped)}
	}
	m := message.New(payload)
	m.Meta = map[string]string{TimeMeta: when, SkippedMeta: fmt.Sprint(skipped)}
	if !s.skip {
		return nio.Emit(ctx, "out", m)
	}
	running.Store(true)
	return nio.EmitTracked(ctx, "out", m, func(registry.Outcome) { running.Store(false) })
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/weftworks/weft/app/alerts"
	"github.com/weftworks/weft/engine/audit"
	"github.com/weftworks/weft/engine/usage"
)

var (
	bucketUsageSettings = []byte("usageSettings")
	keyUsageSettings    = []byte("settings")
)

// UsageSettings are the prices, the per-flow monthly budget, the alert
// rules and the SMTP relay for alert emails.
type UsageSettings struct {
	Prices usage.Prices  `json:"prices"`
	Rules  []alerts.Rule `json:"rules"`
	SMTP   alerts.SMTP   `json:"smtp"`
}

// UsageReport is a flow's usage series and what it costs.
type UsageReport struct {
	FlowID     string         `json:"flowId"`
	Resolution string         `json:"resolution"`
	Points     []usage.Point  `json:"points"`
	Total      usage.Counters `json:"total"` // the flow's points in the report
	Cost       float64        `json:"cost"`  // of Total
	MonthCost  float64        `json:"monthCost"`
	BudgetUsed float64        `json:"budgetUsed"` // share of the monthly budget, 0 without one
	Currency   string         `json:"currency"`
}

// FiredAlert is an alert that fired, with the delivery failure if any,
// and its state (AlertFired, AlertResolved, AlertFailed).
type FiredAlert struct {
	alerts.Alert
	ID            string `json:"id"`
	State         string `json:"state"`
	ResolvedAt    int64  `json:"resolvedAt,omitempty"` // Unix ms
	DeliveryError string `json:"deliveryError,omitempty"`
}

// meter records usage after runs and fires alerts.
type meter struct {
	usage    *usage.Store
	notifier alerts.Notifier

	mu        sync.Mutex
	lastFired map[string]int64 // rule id + flow id → Unix ms
	unsaved   []FiredAlert     // fired alerts the store refused, newest last
}

func newMeter(st *usage.Store) *meter {
	return &meter{usage: st, lastFired: map[string]int64{}}
}

// UsageReport returns flowID's usage at resolution (minute, hour or day)
// since sinceMs, with its cost and the month's spend against the budget.
func (s *Service) UsageReport(flowID, resolution string, sinceMs int64) (UsageReport, error) {
	res, err := usage.ParseResolution(resolution)
	if err != nil {
		return UsageReport{}, err
	}
	set, err := s.GetUsageSettings()
	if err != nil {
		return UsageReport{}, err
	}
	points, err := s.meter.usage.Series(flowID, res, sinceMs)
	if err != nil {
		return UsageReport{}, err
	}
	rep := UsageReport{FlowID: flowID, Resolution: string(res), Points: points, Currency: set.Prices.Currency}
	for _, p := range points {
		if p.Node == "" {
			rep.Total.Runs += p.Runs
			rep.Total.FailedRuns += p.FailedRuns
			rep.Total.Messages += p.Messages
			rep.Total.Bytes += p.Bytes
			rep.Total.Errors += p.Errors
			rep.Total.DurationMs += p.DurationMs
			rep.Total.MaxDurationMs = max(rep.Total.MaxDurationMs, p.MaxDurationMs)
		}
	}
	rep.Cost = set.Prices.Cost(rep.Total)
	month, err := s.meter.usage.Total(flowID, monthStart(s.now()))
	if err != nil {
		return UsageReport{}, err
	}
	rep.MonthCost = set.Prices.Cost(month)
	rep.BudgetUsed = set.Prices.BudgetUsed(rep.MonthCost)
	return rep, nil
}

func monthStart(now time.Time) int64 {
	now = now.UTC()
	return time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).UnixMilli()
}

// GetUsageSettings returns the saved prices, rules and relay.
func (s *Service) GetUsageSettings() (UsageSettings, error) {
	set := UsageSettings{Rules: []alerts.Rule{}}
	err := s.store.DB().View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketUsageSettings); b != nil {
			if raw := b.Get(keyUsageSettings); raw != nil {
				return json.Unmarshal(raw, &set)
			}
		}
		return nil
	})
	return set, err
}

// SaveUsageSettings checks and stores prices, rules and relay.
func (s *Service) SaveUsageSettings(set UsageSettings) error {
	var errs []error
	for _, r := range set.Rules {
		errs = append(errs, r.Validate())
	}
	if set.SMTP.From != "" {
		if _, err := mail.ParseAddress(set.SMTP.From); err != nil {
			errs = append(errs, fmt.Errorf("SMTP from %q: %v", set.SMTP.From, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	data, err := json.Marshal(set)
	if err != nil {
		return err
	}
	err = s.store.DB().Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketUsageSettings)
		if err != nil {
			return err
		}
		return b.Put(keyUsageSettings, data)
	})
	if err != nil {
		return err
	}
	return s.record(audit.Entry{Action: "usage.settings", Kind: "settings", Target: "usage",
		Detail: fmt.Sprintf("%d alert rule(s)", len(set.Rules))})
}

// checkAlerts fires the alert rules of flowID that its usage now crosses,
// after a run of it ended. A rule that cannot be evaluated is listed as a
// fired alert with the reason, so the failure is seen.
func (s *Service) checkAlerts(flowID string) {
	set, err := s.GetUsageSettings()
	if err != nil {
		s.noteAlert(FiredAlert{Alert: alerts.Alert{FlowID: flowID, At: s.now().UnixMilli(),
			Message: "alert rules could not be read"}, State: AlertFailed, DeliveryError: err.Error()})
		return
	}
	now := s.now()
	for _, r := range set.Rules {
		if (r.FlowID != "" && r.FlowID != flowID) || r.Metric == alerts.DeadLetters {
			continue // dead letters are counted on the runners: WatchDeadLetters
		}
		value, err := s.ruleValue(r, flowID, set.Prices, now)
		if err != nil {
			s.noteAlert(FiredAlert{Alert: alerts.Alert{Rule: r.ID, FlowID: flowID, At: now.UnixMilli(),
				Message: "the rule could not be evaluated"}, State: AlertFailed, DeliveryError: err.Error()})
			continue
		}
		s.fireOrResolve(r, flowID, value, now, set.SMTP)
	}
}

// fireOrResolve fires r for flowID when value crosses its threshold (at
// most once per window), and otherwise resolves r's alerts for flowID
// that are still fired.
func (s *Service) fireOrResolve(r alerts.Rule, flowID string, value float64, now time.Time, relay alerts.SMTP) {
	a, fire := alerts.Check(r, flowID, value, now)
	switch {
	case fire && s.meter.due(r, flowID, now):
		s.deliver(r, a, relay)
	case !fire:
		if err := s.resolveAlerts(r.ID, flowID, now.UnixMilli()); err != nil {
			s.noteAlert(FiredAlert{Alert: alerts.Alert{Rule: r.ID, FlowID: flowID, At: now.UnixMilli(),
				Message: "the rule's alerts could not be resolved"}, State: AlertFailed, DeliveryError: err.Error()})
		}
	}
}

func (s *Service) ruleValue(r alerts.Rule, flowID string, prices usage.Prices, now time.Time) (float64, error) {
	if r.Metric == alerts.Budget {
		month, err := s.meter.usage.Total(flowID, monthStart(now))
		return prices.BudgetUsed(prices.Cost(month)), err
	}
	since := now.Add(-time.Duration(r.WindowMinutes) * time.Minute).Truncate(time.Minute).UnixMilli()
	points, err := s.meter.usage.Series(flowID, usage.Minute, since)
	var window usage.Counters
	for _, p := range points {
		if p.Node == "" {
			window.Runs += p.Runs
			window.Messages += p.Messages
			window.Errors += p.Errors
			window.DurationMs += p.DurationMs
		}
	}
	return alerts.Value(r.Metric, window, 0), err
}

// due reports whether r may fire for flowID now and, if so, notes it.
func (m *meter) due(r alerts.Rule, flowID string, now time.Time) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	key := r.ID + "\x00" + flowID
	if !alerts.Due(r, m.lastFired[key], now) {
		return false
	}
	m.lastFired[key] = now.UnixMilli()
	return true
}

func (s *Service) deliver(r alerts.Rule, a alerts.Alert, relay alerts.SMTP) {
	ctx, cancel := context.WithTimeout(s.ctx, 10*time.Second)
	defer cancel()
	n := s.meter.notifier
	n.SMTP = relay
	fired := FiredAlert{Alert: a}
	if err := n.Deliver(ctx, r, a); err != nil {
		fired.DeliveryError = err.Error()
	}
	s.noteAlert(fired)
}

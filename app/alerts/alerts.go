package alerts

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/mail"
	"net/smtp"
	"net/url"
	"strings"
	"time"

	"github.com/weftworks/weft/engine/usage"
)

// Metric is what a rule watches.
type Metric string

// The metrics.
const (
	ErrorRate Metric = "errorRate" // errors / (messages + errors) in the window
	LatencyMs Metric = "latencyMs" // mean run duration in the window
	Budget    Metric = "budget"    // share of the monthly budget spent this month
	// DeadLetters is how many messages were dead-lettered in the window
	// (their last failure in it), on the runners Studio deploys to.
	DeadLetters Metric = "deadLetters"
)

// Rule is one alert rule. FlowID "" watches every flow.
type Rule struct {
	ID            string  `json:"id"`
	FlowID        string  `json:"flowId"`
	Metric        Metric  `json:"metric"`
	Threshold     float64 `json:"threshold"`
	WindowMinutes int     `json:"windowMinutes"`
	Webhook       string  `json:"webhook,omitempty"`
	Email         string  `json:"email,omitempty"`
}

// Validate says what is wrong with r, if anything.
func (r Rule) Validate() error {
	var errs []error
	if r.ID == "" {
		errs = append(errs, errors.New("a rule needs an id"))
	}
	switch r.Metric {
	case ErrorRate, LatencyMs, Budget, DeadLetters:
	default:
		errs = append(errs, fmt.Errorf("unknown metric %q: use errorRate, latencyMs, budget or deadLetters", r.Metric))
	}
	if r.WindowMinutes < 1 {
		errs = append(errs, errors.New("the window must be at least one minute"))
	}
	if r.Webhook == "" && r.Email == "" {
		errs = append(errs, errors.New("say where to deliver: a webhook URL or an email address"))
	}
	if r.Webhook != "" {
		if u, err := url.Parse(r.Webhook); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("webhook %q is not an http(s) URL", r.Webhook))
		}
	}
	if r.Email != "" {
		if _, err := mail.ParseAddress(r.Email); err != nil {
			errs = append(errs, fmt.Errorf("email %q: %v", r.Email, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("alert rule %q: %w", r.ID, err)
	}
	return nil
}

// Alert is one firing of a rule for a flow.
type Alert struct {
	Rule      string  `json:"rule"`
	FlowID    string  `json:"flowId"`
	Metric    Metric  `json:"metric"`
	Value     float64 `json:"value"`
	Threshold float64 `json:"threshold"`
	At        int64   `json:"at"` // Unix ms
	Message   string  `json:"message"`
}

// Value computes metric m from the window's counters and, for Budget, the
// share of the budget spent.
func Value(m Metric, window usage.Counters, budgetUsed float64) float64 {
	switch m {
	case ErrorRate:
		if handled := window.Messages + window.Errors; handled > 0 {
			return float64(window.Errors) / float64(handled)
		}
	case LatencyMs:
		if window.Runs > 0 {
			return float64(window.DurationMs) / float64(window.Runs)
		}
	case Budget:
		return budgetUsed
	}
	return 0
}

// Check returns the alert r raises for flowID at value, if value is past
// the threshold.
func Check(r Rule, flowID string, value float64, now time.Time) (Alert, bool) {
	if value <= r.Threshold {
		return Alert{}, false
	}
	return Alert{Rule: r.ID, FlowID: flowID, Metric: r.Metric, Value: value, Threshold: r.Threshold,
		At: now.UnixMilli(), Message: fmt.Sprintf("flow %s: %s is %.4g, above %.4g (rule %s, last %d min)",
			flowID, r.Metric, value, r.Threshold, r.ID, r.WindowMinutes)}, true
}

// Due reports whether a rule that last fired at last (Unix ms, 0: never)
// may fire again at now.
func Due(r Rule, last int64, now time.Time) bool {
	return last == 0 || now.Sub(time.UnixMilli(last)) >= time.Duration(r.WindowMinutes)*time.Minute
}

// SMTP is the relay alerts are mailed through.
type SMTP struct {
	Addr string `json:"addr"` // host:port
	From string `json:"from"`
}

// Notifier delivers alerts.
type Notifier struct {
	Client *http.Client
	SMTP   SMTP
}

// Deliver sends a to r's webhook and email; it tries both and returns
// every failure.
func (n Notifier) Deliver(ctx context.Context, r Rule, a Alert) error {
	var errs []error
	if r.Webhook != "" {
		errs = append(errs, n.post(ctx, r.Webhook, a))
	}
	if r.Email != "" {
		errs = append(errs, n.mail(r.Email, a))
	}
	return errors.Join(errs...)
}

func (n Notifier) post(ctx context.Context, target string, a Alert) error {
	body, err := json.Marshal(a)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	client := n.Client
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("alert webhook: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		return fmt.Errorf("alert webhook %s answered %s", target, resp.Status)
	}
	return nil
}

func (n Notifier) mail(to string, a Alert) error {
	if n.SMTP.Addr == "" || n.SMTP.From == "" {
		return errors.New("alert email: no SMTP relay configured (addr and from)")
	}
	subject := strings.NewReplacer("\r", " ", "\n", " ").Replace("Weft alert: " + a.Message)
	msg := "From: " + n.SMTP.From + "\r\nTo: " + to + "\r\nSubject: " + subject +
		"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + a.Message + "\r\n"
	if err := smtp.SendMail(n.SMTP.Addr, nil, n.SMTP.From, []string{to}, []byte(msg)); err != nil {
		return fmt.Errorf("alert email: %w", err)
	}
	return nil
}

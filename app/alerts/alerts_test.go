package alerts_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/app/alerts"
	"github.com/weftworks/weft/engine/usage"
)

// smtpServer is a minimal SMTP server on loopback that keeps every
// message it receives.
type smtpServer struct {
	ln   net.Listener
	mu   sync.Mutex
	mail []string
}

func startSMTP(t *testing.T) *smtpServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	s := &smtpServer{ln: ln}
	go s.serve()
	t.Cleanup(func() { ln.Close() })
	return s
}

func (s *smtpServer) serve() {
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		go s.session(conn)
	}
}

func (s *smtpServer) session(conn net.Conn) {
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	r := bufio.NewReader(conn)
	reply := func(line string) { _, _ = conn.Write([]byte(line + "\r\n")) }
	reply("220 test ESMTP")
	var data strings.Builder
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			reply("250 test")
		case strings.HasPrefix(cmd, "DATA"):
			reply("354 go on")
			for {
				l, err := r.ReadString('\n')
				if err != nil || l == ".\r\n" {
					break
				}
				data.WriteString(l)
			}
			s.mu.Lock()
			s.mail = append(s.mail, data.String())
			s.mu.Unlock()
			reply("250 queued")
		case strings.HasPrefix(cmd, "QUIT"):
			reply("221 bye")
			return
		default: // MAIL FROM, RCPT TO, RSET, NOOP
			reply("250 ok")
		}
	}
}

func (s *smtpServer) messages() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.mail...)
}

func TestErrorRateRuleFiresOncePerWindow(t *testing.T) {
	r := alerts.Rule{ID: "errors", Metric: alerts.ErrorRate, Threshold: 0.1, WindowMinutes: 5, Webhook: "http://127.0.0.1:1/"}
	require.NoError(t, r.Validate())
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	v := alerts.Value(alerts.ErrorRate, usage.Counters{Messages: 8, Errors: 2}, 0)
	assert.InDelta(t, 0.2, v, 1e-9)
	a, fired := alerts.Check(r, "f1", v, now)
	require.True(t, fired)
	assert.Contains(t, a.Message, "errorRate is 0.2, above 0.1")
	_, fired = alerts.Check(r, "f1", alerts.Value(alerts.ErrorRate, usage.Counters{Messages: 99, Errors: 1}, 0), now)
	assert.False(t, fired)

	assert.True(t, alerts.Due(r, 0, now))
	assert.False(t, alerts.Due(r, now.UnixMilli(), now.Add(4*time.Minute)))
	assert.True(t, alerts.Due(r, now.UnixMilli(), now.Add(5*time.Minute)))

	assert.InDelta(t, 250.0, alerts.Value(alerts.LatencyMs, usage.Counters{Runs: 2, DurationMs: 500}, 0), 1e-9)
	assert.InDelta(t, 0.8, alerts.Value(alerts.Budget, usage.Counters{}, 0.8), 1e-9)
	assert.Zero(t, alerts.Value(alerts.ErrorRate, usage.Counters{}, 0))
}

func TestRuleValidation(t *testing.T) {
	bad := alerts.Rule{Metric: "queueDepth", Webhook: "ftp://x", Email: "not an address"}
	err := bad.Validate()
	require.Error(t, err)
	for _, want := range []string{"needs an id", "unknown metric", "window", "not an http(s) URL", "email"} {
		assert.Contains(t, err.Error(), want)
	}
	assert.ErrorContains(t, alerts.Rule{ID: "x", Metric: alerts.Budget, WindowMinutes: 1}.Validate(), "where to deliver")
	assert.NoError(t, alerts.Rule{ID: "d", Metric: alerts.DeadLetters, WindowMinutes: 1, Webhook: "http://127.0.0.1/"}.Validate())
}

func TestDeliverToAWebhookAndByEmail(t *testing.T) {
	var got alerts.Alert
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewDecoder(r.Body).Decode(&got)
		w.WriteHeader(http.StatusNoContent)
	}))
	defer hook.Close()
	mailer := startSMTP(t)
	n := alerts.Notifier{SMTP: alerts.SMTP{Addr: mailer.ln.Addr().String(), From: "weft@example.test"}}
	r := alerts.Rule{ID: "errors", Metric: alerts.ErrorRate, Threshold: 0.1, WindowMinutes: 5,
		Webhook: hook.URL, Email: "ops@example.test"}
	a, _ := alerts.Check(r, "orders", 0.5, time.Now())
	require.NoError(t, n.Deliver(context.Background(), r, a))
	assert.Equal(t, "orders", got.FlowID)
	assert.InDelta(t, 0.5, got.Value, 1e-9)
	msgs := mailer.messages()
	require.Len(t, msgs, 1)
	assert.Contains(t, msgs[0], "To: ops@example.test")
	assert.Contains(t, msgs[0], "Subject: Weft alert: flow orders: errorRate is 0.5")

	down := alerts.Notifier{}
	err := down.Deliver(context.Background(), alerts.Rule{Webhook: "http://127.0.0.1:1/", Email: "ops@example.test"}, a)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "alert webhook")
	assert.Contains(t, err.Error(), "no SMTP relay configured")
}

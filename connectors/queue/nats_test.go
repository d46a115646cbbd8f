package queue_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/connectors/queue"
	"github.com/weftworks/weft/engine/credential"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/runtime"
)

// subscribed starts f and returns once the server has a subscription on
// subject.
func subscribed(t *testing.T, ns *server.Server, subject string, f *flow.Flow, opts runtime.Options) *running {
	t.Helper()
	r := start(t, f, opts)
	require.Eventually(t, func() bool { return ns.GlobalAccount().SubscriptionInterest(subject) }, waitFor, tick, "subscription")
	return r
}

func connect(t *testing.T, ns *server.Server) *nats.Conn {
	t.Helper()
	nc, err := nats.Connect(ns.ClientURL())
	require.NoError(t, err)
	t.Cleanup(nc.Close)
	return nc
}

func TestNATSPublishThenSubscribe(t *testing.T) {
	ns := startNATS(t)
	sub := subscribed(t, ns, "orders.eu", chain([]flow.Node{
		node("sub", "queue.natsSubscribe", map[string]any{"url": ns.ClientURL(), "subject": "orders.>"}),
		node("seen", "core.debug", nil),
	}), runtime.Options{})

	rec, d := run(t, chain([]flow.Node{
		node("manual", "core.manual", map[string]any{"payloads": `[{"id": 1, "region": "eu"}, {"id": 2, "region": "us"}]`}),
		node("pub", "queue.natsPublish", map[string]any{"url": ns.ClientURL(), "subject": "orders.{{region}}"}),
		node("published", "core.debug", nil),
	}), runtime.Options{})
	require.Equal(t, runtime.StatusSucceeded, rec.Status, rec.Error)
	assert.Len(t, d.Messages("published"), 2, "publish passes messages on")

	require.Eventually(t, func() bool { return len(sub.Messages("seen")) == 2 }, waitFor, tick)
	assert.Equal(t, []any{map[string]any{"id": 1.0, "region": "eu"}, map[string]any{"id": 2.0, "region": "us"}}, sub.Payloads("seen"))
	assert.Equal(t, []string{"orders.eu", "orders.us"}, sub.Meta("seen", queue.MetaNATSSubject))
	assert.Equal(t, runtime.StatusCancelled, sub.stop(t).Status)
}

func TestNATSSubscribeFormats(t *testing.T) {
	tests := []struct {
		name    string
		format  string
		data    string
		want    any
		wantErr string
	}{
		{"json object", "json", `{"a": [1, true]}`, map[string]any{"a": []any{1.0, true}}, ""},
		{"json string", "json", `"hi"`, "hi", ""},
		{"text keeps bytes", "text", `{"a": 1}`, `{"a": 1}`, ""},
		{"bad json goes to the error port", "json", `not json`, nil, "invalid JSON"},
	}
	ns := startNATS(t)
	nc := connect(t, ns)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			subject := "in." + strings.ReplaceAll(tt.name, " ", "_")
			sub := subscribed(t, ns, subject, chain([]flow.Node{
				node("sub", "queue.natsSubscribe", map[string]any{"url": ns.ClientURL(), "subject": subject, "format": tt.format}),
				node("ok", "core.debug", nil), node("errors", "core.debug", nil),
			}, "sub:error->errors:in"), runtime.Options{})
			msg := &nats.Msg{Subject: subject, Data: []byte(tt.data), Header: nats.Header{"Trace": []string{"t1"}}}
			require.NoError(t, nc.PublishMsg(msg))
			require.NoError(t, nc.Publish(subject, []byte(`"next"`)))
			if tt.wantErr == "" {
				require.Eventually(t, func() bool { return len(sub.Messages("ok")) == 2 }, waitFor, tick)
				assert.Equal(t, tt.want, sub.Payloads("ok")[0])
				assert.Equal(t, "t1", sub.Messages("ok")[0].Meta[queue.MetaNATSHeader+"Trace"])
				return
			}
			require.Eventually(t, func() bool { return len(sub.Messages("ok")) == 1 && len(sub.Messages("errors")) == 1 }, waitFor, tick)
			failed := sub.Payloads("errors")[0].(map[string]any)
			assert.Contains(t, failed["error"], tt.wantErr)
			assert.Equal(t, tt.data, failed["message"], "the original text is kept")
			assert.Equal(t, runtime.StatusCancelled, sub.stop(t).Status, "the flow kept running")
		})
	}
}

func TestNATSPublishBadInput(t *testing.T) {
	tests := []struct {
		name    string
		cfg     map[string]any
		payload string
		wantErr string
	}{
		{"text format needs a string", map[string]any{"subject": "out.x", "format": "text"}, `{"a": 1}`, queue.ErrNotText.Error()},
		{"placeholder the payload lacks", map[string]any{"subject": "out.{{region}}"}, `{"id": 1}`, `payload has no field "region"`},
		{"placeholder holding an object", map[string]any{"subject": "out.{{region}}"}, `{"region": {}}`, `not a string, number or boolean`},
		{"no stream for a JetStream publish", map[string]any{"subject": "out.x", "jetstream": true, "timeoutMs": 200.0}, `{"a": 1}`, `JetStream publish to "out.x"`},
	}
	ns := startNATS(t)
	nc := connect(t, ns)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sub, err := nc.SubscribeSync("out.>")
			require.NoError(t, err)
			defer sub.Unsubscribe() //nolint:errcheck
			require.NoError(t, nc.Flush())
			tt.cfg["url"] = ns.ClientURL()
			good := `"good"`
			if tt.cfg["subject"] != "out.x" {
				good = `{"region": "x"}`
			}
			rec, d := run(t, chain([]flow.Node{
				node("manual", "core.manual", map[string]any{"payloads": "[" + tt.payload + "," + good + "]"}),
				node("pub", "queue.natsPublish", tt.cfg),
				node("ok", "core.debug", nil), node("errors", "core.debug", nil),
			}, "pub:error->errors:in"), runtime.Options{})
			require.Equal(t, runtime.StatusSucceeded, rec.Status, rec.Error)
			if tt.cfg["jetstream"] == true {
				assert.Len(t, d.Messages("errors"), 2, "no stream takes the good message either")
				assert.Empty(t, d.Messages("ok"))
			} else {
				assert.Len(t, d.Messages("errors"), 1)
			}
			failed := d.Payloads("errors")[0].(map[string]any)
			assert.Contains(t, failed["error"], tt.wantErr)
			assert.Equal(t, "pub", failed["node"])
			if tt.cfg["jetstream"] == true {
				return
			}
			assert.Len(t, d.Messages("ok"), 1, "the next message is published")
			m, err := sub.NextMsg(waitFor)
			require.NoError(t, err)
			assert.Equal(t, "out.x", m.Subject)
		})
	}
}

func TestNATSPublishJetStream(t *testing.T) {
	ns := startNATS(t)
	js := jetStream(t, ns)
	rec, d := run(t, chain([]flow.Node{
		node("manual", "core.manual", map[string]any{"payloads": `[{"n": 1}, {"n": 2}]`}),
		node("pub", "queue.natsPublish", map[string]any{"url": ns.ClientURL(), "subject": "orders.new", "jetstream": true}),
		node("published", "core.debug", nil),
	}), runtime.Options{})
	require.Equal(t, runtime.StatusSucceeded, rec.Status, rec.Error)
	assert.Equal(t, []string{"1", "2"}, d.Meta("published", queue.MetaNATSSequence))
	assert.Equal(t, []string{"ORDERS", "ORDERS"}, d.Meta("published", queue.MetaNATSStream))
	info, err := js.Stream(t.Context(), "ORDERS")
	require.NoError(t, err)
	assert.Equal(t, uint64(2), info.CachedInfo().State.Msgs, "the stream stored both")
}

func TestNATSCredentials(t *testing.T) {
	userPass := func(o *server.Options) { o.Username, o.Password = "weft", "s3cret" }
	token := func(o *server.Options) { o.Authorization = "t0ken" }
	natsCred := func(fields map[string]string) credential.Static {
		return credential.Static{"q": {Kind: credential.NATS, Fields: fields}}
	}
	tests := []struct {
		name    string
		server  func(*server.Options)
		cred    string
		opts    runtime.Options
		wantErr string
	}{
		{"user and password", userPass, "q", withCredentials(natsCred(map[string]string{"user": "weft", "password": "s3cret"})), ""},
		{"token", token, "q", withCredentials(natsCred(map[string]string{"token": "t0ken"})), ""},
		{"wrong password", userPass, "q", withCredentials(natsCred(map[string]string{"user": "weft", "password": "nope"})), "Authorization Violation"},
		{"no credential", userPass, "", runtime.Options{}, "Authorization Violation"},
		{"no credential store", userPass, "q", runtime.Options{}, "no credential store"},
		{"unknown credential", userPass, "other", withCredentials(natsCred(nil)), "not found"},
		{"wrong kind", userPass, "q", withCredentials(credential.Static{"q": {Kind: credential.Basic}}), "wrong kind"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ns := startNATS(t, tt.server)
			rec, _ := run(t, chain([]flow.Node{
				node("manual", "core.manual", nil),
				node("pub", "queue.natsPublish", map[string]any{"url": ns.ClientURL(), "subject": "x", "credential": tt.cred}),
			}), tt.opts)
			if tt.wantErr == "" {
				assert.Equal(t, runtime.StatusSucceeded, rec.Status, rec.Error)
				return
			}
			assert.Equal(t, runtime.StatusFailed, rec.Status)
			assert.Contains(t, rec.Error, tt.wantErr)
			assert.Contains(t, rec.Error, `node "pub"`)
		})
	}
}

func TestNATSQueueGroupSplitsMessages(t *testing.T) {
	ns := startNATS(t)
	nc := connect(t, ns)
	member := func() *flow.Flow {
		return chain([]flow.Node{
			node("sub", "queue.natsSubscribe", map[string]any{"url": ns.ClientURL(), "subject": "jobs", "queue": "workers"}),
			node("seen", "core.debug", nil),
		})
	}
	a := start(t, member(), runtime.Options{})
	b := start(t, member(), runtime.Options{})
	require.Eventually(t, func() bool { return queueMembers(ns, "jobs") == 2 }, waitFor, tick, "both members subscribed")
	for i := range 20 {
		require.NoError(t, nc.Publish("jobs", []byte(strconv.Itoa(i))))
	}
	require.Eventually(t, func() bool { return len(a.Messages("seen"))+len(b.Messages("seen")) == 20 }, waitFor, tick)
	got := append(a.Payloads("seen"), b.Payloads("seen")...)
	want := make([]any, 20)
	for i := range want {
		want[i] = float64(i)
	}
	assert.ElementsMatch(t, want, got, "each message goes to one member of the group")
}

// queueMembers counts the queue-group subscriptions on subject.
func queueMembers(ns *server.Server, subject string) int {
	subs, err := ns.Subsz(&server.SubszOptions{Subscriptions: true, Test: subject, Limit: 100})
	if err != nil {
		return 0
	}
	n := 0
	for _, s := range subs.Subs {
		if s.Queue != "" {
			n++
		}
	}
	return n
}

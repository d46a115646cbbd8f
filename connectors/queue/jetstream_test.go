package queue_test

import (
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/connectors/queue"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/runtime"
)

// jetStream connects to ns and creates the stream ORDERS on orders.>.
func jetStream(t *testing.T, ns *server.Server) jetstream.JetStream {
	t.Helper()
	js, err := jetstream.New(connect(t, ns))
	require.NoError(t, err)
	_, err = js.CreateStream(t.Context(), jetstream.StreamConfig{Name: "ORDERS", Subjects: []string{"orders.>"}})
	require.NoError(t, err)
	return js
}

func publish(t *testing.T, js jetstream.JetStream, data ...string) {
	t.Helper()
	for _, d := range data {
		_, err := js.Publish(t.Context(), "orders.new", []byte(d))
		require.NoError(t, err)
	}
}

func consumer(ns *server.Server, cfg map[string]any) flow.Node {
	c := map[string]any{"url": ns.ClientURL(), "stream": "ORDERS", "consumer": "weft"}
	for k, v := range cfg {
		c[k] = v
	}
	return node("consume", "queue.jetstreamConsume", c)
}

// settled waits until the consumer has had acked messages up to stream
// sequence seq and has none waiting for an ack.
func settled(t *testing.T, js jetstream.JetStream, seq uint64) *jetstream.ConsumerInfo {
	t.Helper()
	var info *jetstream.ConsumerInfo
	require.Eventually(t, func() bool {
		c, err := js.Consumer(t.Context(), "ORDERS", "weft")
		if err != nil {
			return false
		}
		info, err = c.Info(t.Context())
		return err == nil && info.NumAckPending == 0 && info.AckFloor.Stream == seq
	}, waitFor, tick, "acks")
	return info
}

func TestJetStreamAcksWhenTheFlowIsDone(t *testing.T) {
	ns := startNATS(t)
	js := jetStream(t, ns)
	publish(t, js, `{"n": 1}`, `{"n": 2}`, `not json`, `{"n": 3}`)
	r := start(t, chain([]flow.Node{
		consumer(ns, nil),
		node("script", "core.script", map[string]any{"code": `if (msg.n === 2) throw new Error("two"); return msg;`}),
		node("ok", "core.debug", nil), node("errors", "core.debug", nil),
	}, "script:error->errors:in", "consume:error->errors:in"), runtime.Options{})

	info := settled(t, js, 4)
	assert.Zero(t, info.NumRedelivered, "succeeded and handled failures are acked once")
	assert.Equal(t, []any{map[string]any{"n": 1.0}, map[string]any{"n": 3.0}}, r.Payloads("ok"))
	assert.Equal(t, []string{"1", "4"}, r.Meta("ok", queue.MetaNATSSequence))
	assert.Equal(t, []string{"orders.new", "orders.new"}, r.Meta("ok", queue.MetaNATSSubject))
	require.Len(t, r.Messages("errors"), 2)
	assert.Equal(t, runtime.StatusCancelled, r.stop(t).Status)
}

func TestJetStreamUnhandledFailure(t *testing.T) {
	tests := []struct {
		name       string
		cfg        map[string]any
		deliveries []string
	}{
		{"term: never again", map[string]any{"onFailure": "term"}, []string{"1"}},
		{"nak: redelivered up to maxDeliver", map[string]any{"onFailure": "nak", "maxDeliver": 2.0}, []string{"1", "2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ns := startNATS(t)
			js := jetStream(t, ns)
			publish(t, js, `{"n": 1}`)
			r := start(t, chain([]flow.Node{
				consumer(ns, tt.cfg), node("seen", "core.debug", nil),
				node("script", "core.script", map[string]any{"code": `throw new Error("always")`}),
			}), runtime.Options{IsolateFailures: true})
			require.Eventually(t, func() bool { return len(r.Messages("seen")) == len(tt.deliveries) }, waitFor, tick)
			if len(tt.deliveries) == 1 {
				settled(t, js, 1)
			}
			assert.Equal(t, tt.deliveries, r.Meta("seen", queue.MetaNATSDelivery))
			assert.Equal(t, runtime.StatusCancelled, r.stop(t).Status)
		})
	}
}

func TestJetStreamCancelledWorkIsRedelivered(t *testing.T) {
	ns := startNATS(t)
	js := jetStream(t, ns)
	publish(t, js, `{"n": 1}`)
	first := start(t, chain([]flow.Node{consumer(ns, nil), node("block", "test.block", nil)}), runtime.Options{})
	require.Eventually(t, func() bool { return len(first.Messages("block")) == 1 }, waitFor, tick)
	assert.Equal(t, runtime.StatusCancelled, first.stop(t).Status)

	second := start(t, chain([]flow.Node{consumer(ns, nil), node("seen", "core.debug", nil)}), runtime.Options{})
	require.Eventually(t, func() bool { return len(second.Messages("seen")) == 1 }, waitFor, tick)
	assert.Equal(t, []string{"2"}, second.Meta("seen", queue.MetaNATSDelivery), "nak'ed, so delivered again at once")
	settled(t, js, 1)
}

func TestJetStreamStartErrors(t *testing.T) {
	ns := startNATS(t)
	jetStream(t, ns)
	tests := []struct {
		name    string
		cfg     map[string]any
		wantErr string
	}{
		{"no such stream", map[string]any{"stream": "NOPE"}, "stream not found"},
		{"no server", map[string]any{"url": "nats://127.0.0.1:1"}, "connect to NATS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, _ := run(t, chain([]flow.Node{consumer(ns, tt.cfg)}), runtime.Options{})
			assert.Equal(t, runtime.StatusFailed, rec.Status)
			assert.Contains(t, rec.Error, tt.wantErr)
		})
	}
}

func TestJetStreamSlowWorkIsKeptAlive(t *testing.T) {
	ns := startNATS(t)
	js := jetStream(t, ns)
	publish(t, js, `{"n": 1}`)
	r := start(t, chain([]flow.Node{consumer(ns, map[string]any{"ackWaitSeconds": 1.0}), node("block", "test.block", nil)}), runtime.Options{})
	require.Eventually(t, func() bool { return len(r.Messages("block")) == 1 }, waitFor, tick)

	time.Sleep(2500 * time.Millisecond) // over two ack waits while the flow holds the message
	c, err := js.Consumer(t.Context(), "ORDERS", "weft")
	require.NoError(t, err)
	info, err := c.Info(t.Context())
	require.NoError(t, err)
	assert.Zero(t, info.NumRedelivered, "progress was reported, so nothing was redelivered")
	assert.Equal(t, 1, info.NumAckPending)
	assert.Len(t, r.Messages("block"), 1)
}

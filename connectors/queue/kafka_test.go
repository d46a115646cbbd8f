package queue_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
	"github.com/twmb/franz-go/pkg/kversion"

	"github.com/weftworks/weft/connectors/queue"
	"github.com/weftworks/weft/engine/credential"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/runtime"
)

func kafkaClient(t *testing.T, brokers []string, opts ...kgo.Opt) *kgo.Client {
	t.Helper()
	cl, err := kgo.NewClient(append([]kgo.Opt{kgo.SeedBrokers(brokers...), kgo.MaxVersions(kversion.V2_8_0())}, opts...)...)
	require.NoError(t, err)
	t.Cleanup(cl.Close)
	return cl
}

func produce(t *testing.T, cl *kgo.Client, topic string, values ...string) {
	t.Helper()
	for _, v := range values {
		r := &kgo.Record{Topic: topic, Value: []byte(v), Headers: []kgo.RecordHeader{{Key: "trace", Value: []byte("t1")}}}
		require.NoError(t, cl.ProduceSync(t.Context(), r).FirstErr())
	}
}

// committed sums the offsets group has committed on topic.
func committed(t *testing.T, cl *kgo.Client, group, topic string) int64 {
	t.Helper()
	req := kmsg.NewPtrOffsetFetchRequest()
	req.Group = group
	resp, err := req.RequestWith(context.Background(), cl)
	require.NoError(t, err)
	var sum int64
	for _, rt := range resp.Topics {
		for _, p := range rt.Partitions {
			if rt.Topic == topic && p.Offset > 0 {
				sum += p.Offset
			}
		}
	}
	return sum
}

func consumeNode(brokers []string, cfg map[string]any) flow.Node {
	c := map[string]any{"brokers": toAny(brokers), "topics": []any{"orders"}, "group": "weft"}
	for k, v := range cfg {
		c[k] = v
	}
	return node("consume", "queue.kafkaConsume", c)
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func TestKafkaProduceThenConsume(t *testing.T) {
	brokers := startKafka(t, 2, []string{"orders"})
	cl := kafkaClient(t, brokers)
	rec, d := run(t, chain([]flow.Node{
		node("manual", "core.manual", map[string]any{"payloads": `[{"id": "a", "n": 1}, {"id": "b", "n": 2}, {"id": "a", "n": 3}]`}),
		node("produce", "queue.kafkaProduce", map[string]any{"brokers": toAny(brokers), "topic": "orders", "key": "{{id}}"}),
		node("produced", "core.debug", nil),
	}), runtime.Options{})
	require.Equal(t, runtime.StatusSucceeded, rec.Status, rec.Error)
	parts := d.Meta("produced", queue.MetaKafkaPartition)
	require.Len(t, parts, 3)
	assert.Equal(t, parts[0], parts[2], "one key, one partition")
	assert.Equal(t, []string{"orders", "orders", "orders"}, d.Meta("produced", queue.MetaKafkaTopic))

	first := start(t, chain([]flow.Node{consumeNode(brokers, nil), node("seen", "core.debug", nil)}), runtime.Options{})
	require.Eventually(t, func() bool { return committed(t, cl, "weft", "orders") == 3 }, waitFor, tick, "commits")
	assert.ElementsMatch(t, []any{
		map[string]any{"id": "a", "n": 1.0}, map[string]any{"id": "b", "n": 2.0}, map[string]any{"id": "a", "n": 3.0},
	}, first.Payloads("seen"))
	assert.ElementsMatch(t, []string{"a", "b", "a"}, first.Meta("seen", queue.MetaKafkaKey))
	assert.Equal(t, runtime.StatusCancelled, first.stop(t).Status)

	produce(t, cl, "orders", `{"id": "c"}`)
	second := start(t, chain([]flow.Node{consumeNode(brokers, nil), node("seen", "core.debug", nil)}), runtime.Options{})
	require.Eventually(t, func() bool { return committed(t, cl, "weft", "orders") == 4 }, waitFor, tick, "commits")
	assert.Equal(t, []any{map[string]any{"id": "c"}}, second.Payloads("seen"), "the group resumes after its commits")
	assert.Equal(t, []string{"t1"}, second.Meta("seen", queue.MetaKafkaHeader+"trace"))
}

func TestKafkaCancelledRecordIsNotCommitted(t *testing.T) {
	brokers := startKafka(t, 1, []string{"orders"})
	cl := kafkaClient(t, brokers)
	produce(t, cl, "orders", `{"n": 0}`, `{"n": 1}`)
	first := start(t, chain([]flow.Node{consumeNode(brokers, nil), node("block", "test.block", nil)}), runtime.Options{})
	require.Eventually(t, func() bool { return len(first.Messages("block")) == 1 }, waitFor, tick)
	assert.Equal(t, runtime.StatusCancelled, first.stop(t).Status)
	assert.Zero(t, committed(t, cl, "weft", "orders"))

	second := start(t, chain([]flow.Node{consumeNode(brokers, nil), node("seen", "core.debug", nil)}), runtime.Options{})
	require.Eventually(t, func() bool { return committed(t, cl, "weft", "orders") == 2 }, waitFor, tick, "commits")
	assert.Equal(t, []string{"0", "1"}, second.Meta("seen", queue.MetaKafkaOffset), "read again from the cancelled record")
}

func TestKafkaFailuresAreCommitted(t *testing.T) {
	brokers := startKafka(t, 1, []string{"orders"})
	cl := kafkaClient(t, brokers)
	produce(t, cl, "orders", `not json`, `{"n": 1}`, `{"n": 2}`)
	r := start(t, chain([]flow.Node{
		consumeNode(brokers, nil),
		node("script", "core.script", map[string]any{"code": `if (msg.n === 1) throw new Error("one"); return msg;`}),
		node("ok", "core.debug", nil), node("errors", "core.debug", nil),
	}, "consume:error->errors:in"), runtime.Options{IsolateFailures: true})
	require.Eventually(t, func() bool { return committed(t, cl, "weft", "orders") == 3 }, waitFor, tick, "commits")
	assert.Equal(t, []any{map[string]any{"n": 2.0}}, r.Payloads("ok"))
	require.Len(t, r.Messages("errors"), 1)
	failed := r.Payloads("errors")[0].(map[string]any)
	assert.Contains(t, failed["error"], "invalid JSON")
	assert.Equal(t, "not json", failed["message"])
	assert.Equal(t, runtime.StatusCancelled, r.stop(t).Status)
}

func TestKafkaProduceBadInput(t *testing.T) {
	tests := []struct {
		name    string
		cfg     map[string]any
		payload string
		good    string
		wantErr string
	}{
		{"text format needs a string", map[string]any{"format": "text"}, `{"a": 1}`, `"good"`, queue.ErrNotText.Error()},
		{"key placeholder the payload lacks", map[string]any{"key": "{{id}}"}, `{"a": 1}`, `{"id": 1}`, `payload has no field "id"`},
		{"topic placeholder the payload lacks", map[string]any{"topic": "{{t}}"}, `{"a": 1}`, `{"t": "orders"}`, `payload has no field "t"`},
		{"unknown topic", map[string]any{"topic": "{{t}}", "timeoutMs": 300.0}, `{"t": "missing"}`, `{"t": "orders"}`, `produce to "missing"`},
	}
	brokers := startKafka(t, 1, []string{"orders"})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := map[string]any{"brokers": toAny(brokers), "topic": "orders"}
			for k, v := range tt.cfg {
				cfg[k] = v
			}
			rec, d := run(t, chain([]flow.Node{
				node("manual", "core.manual", map[string]any{"payloads": "[" + tt.payload + "," + tt.good + "]"}),
				node("produce", "queue.kafkaProduce", cfg),
				node("ok", "core.debug", nil), node("errors", "core.debug", nil),
			}, "produce:error->errors:in"), runtime.Options{})
			require.Equal(t, runtime.StatusSucceeded, rec.Status, rec.Error)
			require.Len(t, d.Messages("errors"), 1)
			failed := d.Payloads("errors")[0].(map[string]any)
			assert.Contains(t, failed["error"], tt.wantErr)
			assert.Equal(t, "produce", failed["node"])
			require.Len(t, d.Messages("ok"), 1, "the next message is produced")
			assert.Equal(t, []string{"orders"}, d.Meta("ok", queue.MetaKafkaTopic))
		})
	}
}

func TestKafkaSASL(t *testing.T) {
	tests := []struct {
		mechanism, kfakeName string
	}{
		{"plain", "PLAIN"},
		{"scram-sha-256", "SCRAM-SHA-256"},
		{"scram-sha-512", "SCRAM-SHA-512"},
	}
	for _, tt := range tests {
		t.Run(tt.mechanism, func(t *testing.T) {
			brokers := startKafka(t, 1, []string{"orders"}, kfake.EnableSASL(), kfake.Superuser(tt.kfakeName, "weft", "s3cret"))
			creds := credential.Static{"k": {Kind: credential.Kafka, Fields: map[string]string{
				"mechanism": tt.mechanism, "username": "weft", "password": "s3cret"}}}
			rec, d := run(t, chain([]flow.Node{
				node("manual", "core.manual", nil),
				node("produce", "queue.kafkaProduce", map[string]any{"brokers": toAny(brokers), "topic": "orders", "credential": "k", "timeoutMs": 3000.0}),
				node("produced", "core.debug", nil),
			}), withCredentials(creds))
			require.Equal(t, runtime.StatusSucceeded, rec.Status, rec.Error)
			assert.Equal(t, []string{"0"}, d.Meta("produced", queue.MetaKafkaOffset))
		})
	}
}

func TestKafkaCredentialErrors(t *testing.T) {
	brokers := []string{"127.0.0.1:1"}
	tests := []struct {
		name    string
		opts    runtime.Options
		wantErr string
	}{
		{"no credential store", runtime.Options{}, "no credential store"},
		{"wrong kind", withCredentials(credential.Static{"k": {Kind: credential.NATS}}), "wrong kind"},
		{"unknown mechanism", withCredentials(credential.Static{"k": {Kind: credential.Kafka,
			Fields: map[string]string{"mechanism": "gssapi", "username": "u"}}}), `unknown SASL mechanism "gssapi"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, _ := run(t, chain([]flow.Node{consumeNode(brokers, map[string]any{"credential": "k"})}), tt.opts)
			assert.Equal(t, runtime.StatusFailed, rec.Status)
			assert.Contains(t, rec.Error, tt.wantErr)
			assert.Contains(t, rec.Error, `node "consume"`)
		})
	}
}

func TestKafkaGroupMembersSplitPartitions(t *testing.T) {
	brokers := startKafka(t, 4, []string{"orders"})
	cl := kafkaClient(t, brokers)
	flowOf := func() *flow.Flow {
		return chain([]flow.Node{consumeNode(brokers, nil), node("seen", "core.debug", nil)})
	}
	a := start(t, flowOf(), runtime.Options{})
	b := start(t, flowOf(), runtime.Options{})
	require.Eventually(t, func() bool { return groupMembers(t, cl, "weft") == 2 }, waitFor, tick, "both members joined")
	var values []string
	for i := range 20 {
		values = append(values, fmt.Sprintf(`{"i": %d}`, i))
	}
	produce(t, cl, "orders", values...)
	require.Eventually(t, func() bool { return committed(t, cl, "weft", "orders") == 20 }, waitFor, tick, "commits")

	var all []any
	all = append(all, a.Payloads("seen")...)
	all = append(all, b.Payloads("seen")...)
	want := make([]any, 20)
	for i := range want {
		want[i] = map[string]any{"i": float64(i)}
	}
	assert.ElementsMatch(t, want, all, "every record once, in a group of two")
}

// groupMembers counts the members of a stable group.
func groupMembers(t *testing.T, cl *kgo.Client, group string) int {
	t.Helper()
	req := kmsg.NewPtrDescribeGroupsRequest()
	req.Groups = []string{group}
	resp, err := req.RequestWith(context.Background(), cl)
	require.NoError(t, err)
	if len(resp.Groups) != 1 || resp.Groups[0].State != "Stable" {
		return 0
	}
	return len(resp.Groups[0].Members)
}

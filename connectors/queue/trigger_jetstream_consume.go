package queue

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

var _ registry.Node = (*jetStreamConsume)(nil)

// What the JetStream consumer does with a message whose failure the flow
// did not handle.
const (
	onFailureTerm = "term"
	onFailureNak  = "nak"
)

func jetStreamConsumeSpec() spec.Spec {
	return spec.Spec{
		Type:     "queue.jetstreamConsume",
		Title:    "JetStream consume",
		Category: spec.Trigger,
		// Acknowledged only when the work ends; the broker redelivers the rest.
		Trigger: &spec.TriggerTraits{Kind: spec.TriggerSource, Spooled: true, Redelivered: true},
		Icon:    "inbox",
		Description: "Consumes a JetStream stream through a durable pull consumer (created or updated on start) and emits each message; " +
			"a message is acknowledged only when the flow has finished with it: ack when it succeeded or its failure was handled " +
			"(error port, catch), `onFailure` (term: never redeliver; nak: redeliver up to `maxDeliver` times) when a failure was not handled, " +
			"nak when the run stopped first, so that it is delivered again. " +
			"While a message is in the flow, the server is told every half ack wait that it is still being worked on. " +
			"Subject, stream, stream sequence, delivery count and headers go into the metadata " +
			"(`nats.subject`, `nats.stream`, `nats.sequence`, `nats.delivery`, `nats.header.<Name>`). " +
			"Bad input: with format json, a message that is not valid JSON goes to the error port with its text as the message and is acknowledged; the flow keeps running.",
		Outputs: []spec.Port{{Name: "out", Description: "One message per stream message."}},
		Config: append(natsConnFields(),
			spec.Field{Name: "stream", Title: "Stream", Type: spec.String, Required: true,
				Description: "The JetStream stream to consume.", Examples: []any{"ORDERS"}},
			spec.Field{Name: "consumer", Title: "Consumer", Type: spec.String, Required: true,
				Description: "The durable consumer's name; runs with the same name share its position and split its messages.",
				Examples:    []any{"weft-orders"}},
			spec.Field{Name: "filterSubject", Title: "Filter subject", Type: spec.String,
				Description: "Only messages on this subject (wildcards allowed); empty: the whole stream."},
			spec.Field{Name: "deliver", Title: "Start with", Type: spec.String, Enum: []string{"all", "new"}, Default: "all",
				Description: "When the consumer is created: all messages in the stream, or only new ones."},
			formatField("each message"),
			spec.Field{Name: "onFailure", Title: "On unhandled failure", Type: spec.String,
				Enum: []string{onFailureTerm, onFailureNak}, Default: onFailureTerm, Advanced: true,
				Description: "term: tell the server never to redeliver it; nak: redeliver it (up to maxDeliver times)."},
			spec.Field{Name: "ackWaitSeconds", Title: "Ack wait (s)", Type: spec.Integer, Default: 30, Minimum: ptr(1), Advanced: true,
				Description: "How long the server waits for an ack or a sign of progress before delivering a message again (a stopped or crashed runner)."},
			spec.Field{Name: "maxDeliver", Title: "Max deliveries", Type: spec.Integer, Default: 5, Minimum: ptr(1), Advanced: true,
				Description: "How often a message is delivered at most."},
			spec.Field{Name: "batch", Title: "Batch", Type: spec.Integer, Default: 64, Minimum: ptr(1), Advanced: true,
				Description: "How many messages are fetched ahead of the flow."},
		),
	}
}

// jetStreamConsume emits the messages of a durable JetStream consumer and
// settles each one when its outcome arrives.
type jetStreamConsume struct {
	id        string
	conn      natsConn
	stream    string
	consumer  jetstream.ConsumerConfig
	format    string
	onFailure string
	batch     int
}

func newJetStreamConsume(n flow.Node, cfg map[string]any) (registry.Node, error) {
	c := newConf(cfg)
	j := &jetStreamConsume{id: n.ID, conn: readNATSConn(c), stream: c.required("stream"),
		consumer: readConsumerConfig(c), format: c.text("format"), onFailure: c.text("onFailure"),
		batch: c.integer("batch")}
	return j, c.Err()
}

func readConsumerConfig(c conf) jetstream.ConsumerConfig {
	cc := jetstream.ConsumerConfig{AckPolicy: jetstream.AckExplicitPolicy, Durable: c.required("consumer"),
		FilterSubject: c.text("filterSubject"), AckWait: time.Duration(c.integer("ackWaitSeconds")) * time.Second,
		MaxDeliver: c.integer("maxDeliver")}
	if c.text("deliver") == "new" {
		cc.DeliverPolicy = jetstream.DeliverNewPolicy
	}
	return cc
}

// Run implements registry.Node.
func (j *jetStreamConsume) Run(ctx context.Context, io registry.IO) error {
	nc, err := j.conn.connect(ctx, io, j.id, true)
	if err != nil {
		return err
	}
	s := &jsSession{j: j, io: io, alive: newKeepalive(j.consumer.AckWait)}
	s.flight = newInflight(func() { s.close(nc) })
	defer s.flight.stop()
	js, err := jetstream.New(nc)
	if err != nil {
		return fmt.Errorf("JetStream: %w", err)
	}
	cons, err := js.CreateOrUpdateConsumer(ctx, j.stream, j.consumer)
	if err != nil {
		return fmt.Errorf("JetStream consumer %q on stream %q: %w", j.consumer.Durable, j.stream, err)
	}
	it, err := cons.Messages(jetstream.PullMaxMessages(j.batch))
	if err != nil {
		return fmt.Errorf("JetStream consumer %q: %w", j.consumer.Durable, err)
	}
	defer stopPulling(it, nc)
	for {
		m, err := it.Next(jetstream.NextContext(ctx))
		switch {
		case ctx.Err() != nil:
			return nil
		case errors.Is(err, jetstream.ErrMsgIteratorClosed), errors.Is(err, jetstream.ErrConsumerDeleted):
			return fmt.Errorf("JetStream consumer %q: %w", j.consumer.Durable, err)
		case err != nil:
			continue // missed heartbeats and the like: the iterator recovers
		}
		if err := s.emit(ctx, m); err != nil {
			return err
		}
	}
}

// stopPulling stops the iterator and makes sure the server knows: a
// message nak'ed while the server still holds one of its pull requests
// would be redelivered to it, and so be lost until the ack wait ends.
func stopPulling(it jetstream.MessagesContext, nc *nats.Conn) {
	it.Stop()
	if c, ok := it.(interface{ Closed() <-chan struct{} }); ok {
		select {
		case <-c.Closed():
		case <-time.After(2 * time.Second):
		}
	}
	_ = nc.FlushTimeout(2 * time.Second)
}

// jsSession is one run of a JetStream consumer: the messages in flight and
// the naks of cancelled work, sent once the consumer has stopped pulling.
type jsSession struct {
	j      *jetStreamConsume
	io     registry.IO
	flight *inflight
	alive  *keepalive

	mu    sync.Mutex
	later []jetstream.Msg
}

// emit sends m into the flow, to be settled by its outcome.
func (s *jsSession) emit(ctx context.Context, m jetstream.Msg) error {
	msg, bad := jetStreamMessage(s.j.format, m)
	if bad != nil {
		err := s.io.Fail(ctx, msg, bad)
		s.settle(m, registry.Outcome{Status: registry.OutcomeFailed, Err: bad, Handled: err == nil})
		return err
	}
	s.flight.add()
	s.alive.add(m)
	return s.io.EmitTracked(ctx, "out", msg, func(o registry.Outcome) {
		s.alive.remove(m)
		s.settle(m, o)
		s.flight.done()
	})
}

// settle acknowledges m according to how the flow dealt with it.
func (s *jsSession) settle(m jetstream.Msg, o registry.Outcome) {
	switch {
	case o.Status == registry.OutcomeSucceeded, o.Status == registry.OutcomeFailed && o.Handled:
		_ = m.Ack() // a lost ack means a redelivery: at-least-once
	case o.Status == registry.OutcomeFailed && s.j.onFailure == onFailureTerm:
		_ = m.TermWithReason(reason(o))
	case o.Status == registry.OutcomeFailed:
		_ = m.Nak()
	default: // cancelled: nak once the consumer has stopped pulling
		s.mu.Lock()
		s.later = append(s.later, m)
		s.mu.Unlock()
	}
}

// close runs after the consumer stopped and the last outcome: it naks the
// cancelled work and closes the connection once the acks are out.
func (s *jsSession) close(nc *nats.Conn) {
	s.alive.close()
	s.mu.Lock()
	for _, m := range s.later {
		_ = m.Nak()
	}
	s.mu.Unlock()
	_ = nc.FlushTimeout(2 * time.Second) // let the last acks reach the server
	nc.Close()
}

func reason(o registry.Outcome) string {
	r := "failed"
	if o.Err != nil {
		r = o.Err.Error()
	}
	if o.Node != "" {
		r = fmt.Sprintf("node %q: %s", o.Node, r)
	}
	const limit = 256
	if len(r) > limit {
		r = r[:limit]
	}
	return r
}

func jetStreamMessage(format string, m jetstream.Msg) (*message.Message, error) {
	payload, err := decode(format, m.Data())
	msg := message.New(payload)
	msg.Meta = map[string]string{MetaNATSSubject: m.Subject()}
	if md, mdErr := m.Metadata(); mdErr == nil {
		msg.Meta[MetaNATSStream] = md.Stream
		msg.Meta[MetaNATSSequence] = strconv.FormatUint(md.Sequence.Stream, 10)
		msg.Meta[MetaNATSDelivery] = strconv.FormatUint(md.NumDelivered, 10)
	}
	for k, vs := range m.Headers() {
		if len(vs) > 0 {
			msg.Meta[MetaNATSHeader+k] = vs[0]
		}
	}
	return msg, err
}

package queue

import (
	"context"
	"errors"
	"fmt"

	"github.com/nats-io/nats.go"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

var _ registry.Node = (*natsSubscribe)(nil)

func natsSubscribeSpec() spec.Spec {
	return spec.Spec{
		Type:     "queue.natsSubscribe",
		Title:    "NATS subscribe",
		Category: spec.Trigger,
		// Core NATS emits untracked messages: nothing to spool.
		Trigger: &spec.TriggerTraits{Kind: spec.TriggerSource},
		Icon:    "inbox",
		Description: "Emits every message published on a NATS subject (wildcards `*` and `>` allowed) until the run is stopped. " +
			"Core NATS is at-most-once: messages published while the flow is not running are not seen; use JetStream consume for durable delivery. " +
			"Subject, reply subject and headers go into the metadata (`nats.subject`, `nats.reply`, `nats.header.<Name>`). " +
			"Bad input: with format json, a message that is not valid JSON goes to the error port with its text as the message; the flow keeps running.",
		Outputs: []spec.Port{{Name: "out", Description: "One message per NATS message."}},
		Config: append(natsConnFields(),
			spec.Field{Name: "subject", Title: "Subject", Type: spec.String, Required: true,
				Description: "The subject to subscribe to.", Examples: []any{"orders.>", "sensors.*.temperature"}},
			spec.Field{Name: "queue", Title: "Queue group", Type: spec.String, Advanced: true,
				Description: "Subscribers sharing a queue group split the messages between them: each message goes to one of them."},
			formatField("each message"),
		),
	}
}

// natsSubscribe emits the messages of a core NATS subscription.
type natsSubscribe struct {
	id      string
	conn    natsConn
	subject string
	queue   string
	format  string
}

func newNATSSubscribe(n flow.Node, cfg map[string]any) (registry.Node, error) {
	c := newConf(cfg)
	s := &natsSubscribe{id: n.ID, conn: readNATSConn(c), subject: c.required("subject"), queue: c.text("queue"),
		format: c.text("format")}
	return s, c.Err()
}

// Run implements registry.Node.
func (s *natsSubscribe) Run(ctx context.Context, io registry.IO) error {
	nc, err := s.conn.connect(ctx, io, s.id, true)
	if err != nil {
		return err
	}
	defer nc.Close()
	sub, err := nc.QueueSubscribeSync(s.subject, s.queue)
	if err != nil {
		return fmt.Errorf("subscribe to %q: %w", s.subject, err)
	}
	if err := nc.Flush(); err != nil {
		return fmt.Errorf("subscribe to %q: %w", s.subject, err)
	}
	for {
		m, err := sub.NextMsgWithContext(ctx)
		switch {
		case ctx.Err() != nil:
			return nil
		case errors.Is(err, nats.ErrSlowConsumer):
			continue // the client dropped messages; core NATS is at-most-once
		case err != nil:
			return fmt.Errorf("receive from %q: %w", s.subject, err)
		}
		msg, bad := natsMessage(s.format, m)
		if bad != nil {
			err = io.Fail(ctx, msg, bad)
		} else {
			err = io.Emit(ctx, "out", msg)
		}
		if err != nil {
			return err
		}
	}
}

package queue

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

var _ registry.Node = (*natsPublish)(nil)

func natsPublishSpec() spec.Spec {
	return spec.Spec{
		Type:     "queue.natsPublish",
		Title:    "NATS publish",
		Category: spec.Action,
		Icon:     "send",
		Description: "Publishes each message's payload on a NATS subject and passes the message on. " +
			"The subject may hold `{{path}}` placeholders filled from the payload (`orders.{{region}}`). " +
			"Metadata `nats.header.<Name>` become message headers. " +
			"With JetStream on, each publish waits for the stream's acknowledgement and the stream and sequence go into the metadata (`nats.stream`, `nats.sequence`). " +
			"Bad input: a payload the format cannot encode (text format and a non-string payload), a placeholder the payload cannot fill, " +
			"or a publish the server refuses (no stream for the subject, message too large) goes to the error port with the reason; the flow keeps running.",
		Inputs:  []spec.Port{{Name: "in"}},
		Outputs: []spec.Port{{Name: "out", Description: "The published messages, unchanged except for metadata."}},
		Config: append(natsConnFields(),
			spec.Field{Name: "subject", Title: "Subject", Type: spec.String, Required: true,
				Description: "The subject to publish on; `{{path}}` takes a value from the payload.",
				Examples:    []any{"orders.created", "orders.{{region}}"}},
			formatField("the payload sent"),
			spec.Field{Name: "jetstream", Title: "JetStream", Type: spec.Boolean, Default: false,
				Description: "Wait for a JetStream stream to store each message (at-least-once) instead of a fire-and-forget core publish."},
			spec.Field{Name: "timeoutMs", Title: "Timeout (ms)", Type: spec.Integer, Default: 5000, Advanced: true,
				Minimum: ptr(1), Description: "How long a JetStream publish waits for the acknowledgement."},
		),
	}
}

// natsPublish publishes payloads on a subject.
type natsPublish struct {
	id        string
	conn      natsConn
	subject   template
	format    string
	jetstream bool
	timeout   time.Duration
}

func newNATSPublish(n flow.Node, cfg map[string]any) (registry.Node, error) {
	c := newConf(cfg)
	p := &natsPublish{id: n.ID, conn: readNATSConn(c), format: c.text("format"), jetstream: c.Bool("jetstream"),
		timeout: time.Duration(c.integer("timeoutMs")) * time.Millisecond}
	subject := c.required("subject")
	if err := c.Err(); err != nil {
		return nil, err
	}
	var err error
	if p.subject, err = parseTemplate(subject); err != nil {
		return nil, fmt.Errorf("field %q: %w", "subject", err)
	}
	return p, nil
}

// Run implements registry.Node.
func (p *natsPublish) Run(ctx context.Context, io registry.IO) error {
	nc, err := p.conn.connect(ctx, io, p.id, false)
	if err != nil {
		return err
	}
	defer nc.Close()
	defer nc.FlushTimeout(p.timeout) //nolint:errcheck // best effort before closing
	var js jetstream.JetStream
	if p.jetstream {
		if js, err = jetstream.New(nc); err != nil {
			return fmt.Errorf("JetStream: %w", err)
		}
	}
	for {
		in, ok := io.Receive(ctx)
		if !ok {
			return nil
		}
		if err := p.publish(ctx, nc, js, in.Msg); err != nil {
			err = io.Fail(ctx, in.Msg, err)
		} else {
			err = io.Emit(ctx, "out", in.Msg)
		}
		if err != nil {
			return err
		}
	}
}

func (p *natsPublish) publish(ctx context.Context, nc *nats.Conn, js jetstream.JetStream, m *message.Message) error {
	subject, err := p.subject.fill(m.Payload)
	if err != nil {
		return err
	}
	data, err := encode(p.format, m.Payload)
	if err != nil {
		return err
	}
	out := &nats.Msg{Subject: subject, Data: data, Header: natsHeaders(m.Meta)}
	if js == nil {
		if err := nc.PublishMsg(out); err != nil {
			return fmt.Errorf("publish to %q: %w", subject, err)
		}
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	ack, err := js.PublishMsg(ctx, out)
	if err != nil {
		return fmt.Errorf("JetStream publish to %q: %w", subject, err)
	}
	if m.Meta == nil {
		m.Meta = map[string]string{}
	}
	m.Meta[MetaNATSStream] = ack.Stream
	m.Meta[MetaNATSSequence] = strconv.FormatUint(ack.Sequence, 10)
	return nil
}

// natsHeaders turns nats.header.<Name> metadata into headers.
func natsHeaders(meta map[string]string) nats.Header {
	var h nats.Header
	for k, v := range meta {
		if name, ok := strings.CutPrefix(k, MetaNATSHeader); ok && name != "" {
			if h == nil {
				h = nats.Header{}
			}
			h.Set(name, v)
		}
	}
	return h
}

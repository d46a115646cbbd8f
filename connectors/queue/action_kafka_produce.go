package queue

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

var _ registry.Node = (*kafkaProduce)(nil)

// Produce acknowledgement levels.
const (
	acksAll    = "all"
	acksLeader = "leader"
	acksNone   = "none"
)

func kafkaProduceSpec() spec.Spec {
	return spec.Spec{
		Type:     "queue.kafkaProduce",
		Title:    "Kafka produce",
		Category: spec.Action,
		Icon:     "send",
		Description: "Writes each message's payload as a record to a Kafka topic, waits until the brokers have it, and passes the message on " +
			"with the topic, partition and offset in the metadata (`kafka.topic`, `kafka.partition`, `kafka.offset`). " +
			"Topic and key may hold `{{path}}` placeholders filled from the payload; records with the same key go to the same partition, in order. " +
			"Metadata `kafka.header.<key>` become record headers. " +
			"Bad input: a payload the format cannot encode, a placeholder the payload cannot fill, or a record the brokers refuse " +
			"or do not take within the timeout (unknown topic, record too large) goes to the error port with the reason; the flow keeps running.",
		Inputs:  []spec.Port{{Name: "in"}},
		Outputs: []spec.Port{{Name: "out", Description: "The produced messages, unchanged except for metadata."}},
		Config: append(kafkaConnFields(),
			spec.Field{Name: "topic", Title: "Topic", Type: spec.String, Required: true,
				Description: "The topic to write to; `{{path}}` takes a value from the payload.", Examples: []any{"orders", "events.{{type}}"}},
			spec.Field{Name: "key", Title: "Key", Type: spec.String,
				Description: "The record key; `{{path}}` takes a value from the payload. Empty: no key (records spread over partitions).",
				Examples:    []any{"{{customer.id}}"}},
			formatField("the record value"),
			spec.Field{Name: "acks", Title: "Acknowledgement", Type: spec.String, Enum: []string{acksAll, acksLeader, acksNone},
				Default: acksAll, Advanced: true,
				Description: "all: every in-sync replica has the record (safest); leader: the partition leader has it; none: do not wait."},
			spec.Field{Name: "timeoutMs", Title: "Timeout (ms)", Type: spec.Integer, Default: 10000, Minimum: ptr(1), Advanced: true,
				Description: "How long one record may take to be produced, retries included."},
		),
	}
}

// kafkaProduce writes payloads to a topic.
type kafkaProduce struct {
	id      string
	conn    kafkaConn
	topic   template
	key     template
	format  string
	acks    string
	timeout time.Duration
}

func newKafkaProduce(n flow.Node, cfg map[string]any) (registry.Node, error) {
	c := newConf(cfg)
	p := &kafkaProduce{id: n.ID, conn: readKafkaConn(c), format: c.text("format"), acks: c.text("acks"),
		timeout: time.Duration(c.integer("timeoutMs")) * time.Millisecond}
	topic, key := c.required("topic"), c.text("key")
	if err := c.Err(); err != nil {
		return nil, err
	}
	var err error
	if p.topic, err = parseTemplate(topic); err != nil {
		return nil, fmt.Errorf("field %q: %w", "topic", err)
	}
	if p.key, err = parseTemplate(key); err != nil {
		return nil, fmt.Errorf("field %q: %w", "key", err)
	}
	return p, nil
}

func (p *kafkaProduce) options() []kgo.Opt {
	opts := []kgo.Opt{kgo.ProducerLinger(0)} // each produce is bounded by the timeout's context
	switch p.acks {
	case acksLeader:
		opts = append(opts, kgo.RequiredAcks(kgo.LeaderAck()), kgo.DisableIdempotentWrite())
	case acksNone:
		opts = append(opts, kgo.RequiredAcks(kgo.NoAck()), kgo.DisableIdempotentWrite())
	default:
		opts = append(opts, kgo.RequiredAcks(kgo.AllISRAcks()))
	}
	return opts
}

// Run implements registry.Node.
func (p *kafkaProduce) Run(ctx context.Context, io registry.IO) error {
	cl, err := p.conn.client(ctx, io, p.id, p.options()...)
	if err != nil {
		return err
	}
	defer cl.Close()
	for {
		in, ok := io.Receive(ctx)
		if !ok {
			return nil
		}
		err := p.produce(ctx, cl, in.Msg)
		switch {
		case err == nil:
			err = io.Emit(ctx, "out", in.Msg)
		case ctx.Err() != nil:
			return ctx.Err()
		default:
			err = io.Fail(ctx, in.Msg, err)
		}
		if err != nil {
			return err
		}
	}
}

func (p *kafkaProduce) produce(ctx context.Context, cl *kgo.Client, m *message.Message) error {
	r, err := p.record(m)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	if err := cl.ProduceSync(ctx, r).FirstErr(); err != nil {
		return fmt.Errorf("produce to %q: %w", r.Topic, err)
	}
	if m.Meta == nil {
		m.Meta = map[string]string{}
	}
	m.Meta[MetaKafkaTopic] = r.Topic
	m.Meta[MetaKafkaPartition] = strconv.Itoa(int(r.Partition))
	m.Meta[MetaKafkaOffset] = strconv.FormatInt(r.Offset, 10)
	return nil
}

// record builds the record for m.
func (p *kafkaProduce) record(m *message.Message) (*kgo.Record, error) {
	topic, err := p.topic.fill(m.Payload)
	if err != nil {
		return nil, err
	}
	value, err := encode(p.format, m.Payload)
	if err != nil {
		return nil, err
	}
	r := &kgo.Record{Topic: topic, Value: value}
	if key, err := p.key.fill(m.Payload); err != nil {
		return nil, err
	} else if key != "" {
		r.Key = []byte(key)
	}
	for _, k := range slices.Sorted(maps.Keys(m.Meta)) {
		if name, ok := strings.CutPrefix(k, MetaKafkaHeader); ok && name != "" {
			r.Headers = append(r.Headers, kgo.RecordHeader{Key: name, Value: []byte(m.Meta[k])})
		}
	}
	return r, nil
}

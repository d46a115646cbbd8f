package queue

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

var _ registry.Node = (*kafkaConsume)(nil)

func kafkaConsumeSpec() spec.Spec {
	return spec.Spec{
		Type:     "queue.kafkaConsume",
		Title:    "Kafka consume",
		Category: spec.Trigger,
		// Acknowledged only when the work ends; the broker redelivers the rest.
		Trigger: &spec.TriggerTraits{Kind: spec.TriggerSource, Spooled: true, Redelivered: true},
		Icon:    "inbox",
		Description: "Consumes Kafka topics as a member of a consumer group and emits each record; runs in the same group split the partitions between them. " +
			"An offset is committed only when the flow has finished with its record and every earlier record of the partition " +
			"(succeeded, or failed: a failed record is not read again, so wire the error port or a catch to keep it); " +
			"a record the run stopped before finishing is not committed, nor anything after it, so the group resumes there next time. " +
			"Topic, partition, offset, key and headers go into the metadata " +
			"(`kafka.topic`, `kafka.partition`, `kafka.offset`, `kafka.key`, `kafka.header.<key>`). " +
			"Bad input: with format json, a record whose value is not valid JSON goes to the error port with the value as text; the flow keeps running.",
		Outputs: []spec.Port{{Name: "out", Description: "One message per record."}},
		Config: append(kafkaConnFields(),
			spec.Field{Name: "topics", Title: "Topics", Type: spec.Array, Items: &spec.Field{Type: spec.String}, Required: true,
				Description: "The topics to consume.", Examples: []any{[]any{"orders"}}},
			spec.Field{Name: "group", Title: "Consumer group", Type: spec.String, Required: true,
				Description: "The consumer group; its committed offsets say where consuming resumes.", Examples: []any{"weft-orders"}},
			spec.Field{Name: "startAt", Title: "Start at", Type: spec.String, Enum: []string{"earliest", "latest"}, Default: "earliest",
				Description: "Where a group with no committed offset starts: the oldest record kept, or only new records."},
			formatField("each record value"),
			spec.Field{Name: "batch", Title: "Batch", Type: spec.Integer, Default: 100, Minimum: ptr(1), Advanced: true,
				Description: "How many records are taken from the client at a time."},
		),
	}
}

// kafkaConsume emits the records of a consumer group and commits their
// offsets as their outcomes arrive.
type kafkaConsume struct {
	id     string
	conn   kafkaConn
	topics []string
	group  string
	latest bool
	format string
	batch  int
}

func newKafkaConsume(n flow.Node, cfg map[string]any) (registry.Node, error) {
	c := newConf(cfg)
	k := &kafkaConsume{id: n.ID, conn: readKafkaConn(c), topics: c.list("topics", true), group: c.required("group"),
		latest: c.text("startAt") == "latest", format: c.text("format"), batch: c.integer("batch")}
	return k, c.Err()
}

func (k *kafkaConsume) options(offs *offsets) []kgo.Opt {
	start := kgo.NewOffset().AtStart()
	if k.latest {
		start = kgo.NewOffset().AtEnd()
	}
	return []kgo.Opt{
		kgo.ConsumerGroup(k.group),
		kgo.ConsumeTopics(k.topics...),
		kgo.ConsumeResetOffset(start),
		kgo.AutoCommitMarks(),
		kgo.AutoCommitInterval(time.Second),
		kgo.OnPartitionsRevoked(func(ctx context.Context, cl *kgo.Client, revoked map[string][]int32) {
			_ = cl.CommitMarkedOffsets(ctx) // what finished before the rebalance
			offs.drop(revoked)
		}),
		kgo.OnPartitionsLost(func(_ context.Context, _ *kgo.Client, lost map[string][]int32) {
			offs.drop(lost)
		}),
	}
}

// Run implements registry.Node.
func (k *kafkaConsume) Run(ctx context.Context, io registry.IO) error {
	offs := newOffsets(nil)
	cl, err := k.conn.client(ctx, io, k.id, k.options(offs)...)
	if err != nil {
		return err
	}
	offs.mark = cl.MarkCommitOffsets
	flight := newInflight(cl.Close) // Close commits what is marked and leaves the group
	defer flight.stop()
	for {
		fetches := cl.PollRecords(ctx, k.batch)
		if ctx.Err() != nil || fetches.IsClientClosed() {
			return nil
		}
		for _, fe := range fetches.Errors() {
			if !errors.Is(fe.Err, context.Canceled) {
				return fmt.Errorf("consume %s[%d]: %w", fe.Topic, fe.Partition, fe.Err)
			}
		}
		for it := fetches.RecordIter(); !it.Done(); {
			if err := k.emit(ctx, io, offs, flight, it.Next()); err != nil {
				return err
			}
		}
	}
}

// emit sends r into the flow; its offset becomes committable when its
// outcome arrives.
func (k *kafkaConsume) emit(ctx context.Context, io registry.IO, offs *offsets, flight *inflight, r *kgo.Record) error {
	finish := offs.add(r)
	msg, bad := kafkaMessage(k.format, r)
	if bad != nil {
		finish(true) // failed like a tracked record whose failure went unhandled
		return io.Fail(ctx, msg, bad)
	}
	flight.add()
	return io.EmitTracked(ctx, "out", msg, func(o registry.Outcome) {
		finish(o.Status != registry.OutcomeCancelled)
		flight.done()
	})
}

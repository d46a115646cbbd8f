package queue

import (
	"context"
	"fmt"
	"strconv"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl/plain"
	"github.com/twmb/franz-go/pkg/sasl/scram"

	"github.com/weftworks/weft/engine/credential"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

// Metadata keys set on messages consumed from Kafka (and on produced
// ones: topic, partition, offset); a header's value is under
// MetaKafkaHeader + its key. Produce sends MetaKafkaHeader metadata as
// record headers.
const (
	MetaKafkaTopic     = "kafka.topic"
	MetaKafkaPartition = "kafka.partition"
	MetaKafkaOffset    = "kafka.offset"
	MetaKafkaKey       = "kafka.key"
	MetaKafkaHeader    = "kafka.header."
)

// kafkaConn is the connection part of a Kafka node's config.
type kafkaConn struct {
	brokers    []string
	credential string
}

func kafkaConnFields() []spec.Field {
	return []spec.Field{
		{Name: "brokers", Title: "Brokers", Type: spec.Array, Items: &spec.Field{Type: spec.String},
			Required: true, Default: []any{"127.0.0.1:9092"},
			Description: "Seed brokers as host:port; the client discovers the rest of the cluster."},
		credentialField("kafka"),
	}
}

func readKafkaConn(c conf) kafkaConn {
	return kafkaConn{brokers: c.list("brokers", true), credential: c.text("credential")}
}

// client opens a franz-go client with the seed brokers, the SASL
// mechanism of the named credential, and opts.
func (c kafkaConn) client(ctx context.Context, io registry.IO, name string, opts ...kgo.Opt) (*kgo.Client, error) {
	opts = append([]kgo.Opt{kgo.SeedBrokers(c.brokers...), kgo.ClientID("weft-" + name)}, opts...)
	if c.credential != "" {
		cred, err := credential.Lookup(ctx, io, c.credential, credential.Kafka)
		if err != nil {
			return nil, err
		}
		user, pass := cred.Field("username"), cred.Field("password")
		switch m := cred.Field("mechanism"); m {
		case "plain", "":
			opts = append(opts, kgo.SASL(plain.Auth{User: user, Pass: pass}.AsMechanism()))
		case "scram-sha-256":
			opts = append(opts, kgo.SASL(scram.Auth{User: user, Pass: pass}.AsSha256Mechanism()))
		case "scram-sha-512":
			opts = append(opts, kgo.SASL(scram.Auth{User: user, Pass: pass}.AsSha512Mechanism()))
		default:
			return nil, fmt.Errorf("credential %q: %w: unknown SASL mechanism %q", c.credential, credential.ErrInvalid, m)
		}
	}
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return nil, fmt.Errorf("kafka client: %w", err)
	}
	return cl, nil
}

// kafkaMessage turns a record into a Weft message; a JSON value that does
// not parse comes back as a string with the error.
func kafkaMessage(format string, r *kgo.Record) (*message.Message, error) {
	payload, err := decode(format, r.Value)
	msg := message.New(payload)
	msg.Meta = map[string]string{
		MetaKafkaTopic:     r.Topic,
		MetaKafkaPartition: strconv.Itoa(int(r.Partition)),
		MetaKafkaOffset:    strconv.FormatInt(r.Offset, 10),
	}
	if r.Key != nil {
		msg.Meta[MetaKafkaKey] = string(r.Key)
	}
	for _, h := range r.Headers {
		msg.Meta[MetaKafkaHeader+h.Key] = string(h.Value)
	}
	return msg, err
}

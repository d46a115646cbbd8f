package queue

import (
	"context"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/weftworks/weft/engine/credential"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

// Metadata keys set on messages received from NATS; a header's first
// value is under MetaNATSHeader + its name.
const (
	MetaNATSSubject  = "nats.subject"
	MetaNATSReply    = "nats.reply"
	MetaNATSStream   = "nats.stream"
	MetaNATSSequence = "nats.sequence"
	MetaNATSDelivery = "nats.delivery"
	MetaNATSHeader   = "nats.header."
)

const defaultNATSURL = "nats://127.0.0.1:4222"

// natsConn is the connection part of a NATS node's config.
type natsConn struct {
	url        string
	credential string
}

func natsConnFields() []spec.Field {
	return []spec.Field{
		{Name: "url", Title: "Server URL", Type: spec.String, Default: defaultNATSURL,
			Description: "One or more NATS server URLs, comma-separated.",
			Examples:    []any{"nats://127.0.0.1:4222", "nats://a:4222,nats://b:4222"}},
		credentialField("nats"),
	}
}

func readNATSConn(c conf) natsConn {
	return natsConn{url: c.required("url"), credential: c.text("credential")}
}

// connect opens the connection, authenticating with the credential when
// one is named. A trigger's connection reconnects forever; an action's
// gives up after the client's default attempts.
func (c natsConn) connect(ctx context.Context, io registry.IO, name string, trigger bool) (*nats.Conn, error) {
	opts := []nats.Option{nats.Name("weft " + name), nats.Timeout(5 * time.Second)}
	if trigger {
		opts = append(opts, nats.MaxReconnects(-1))
	}
	if c.credential != "" {
		cred, err := credential.Lookup(ctx, io, c.credential, credential.NATS)
		if err != nil {
			return nil, err
		}
		if tok := cred.Field("token"); tok != "" {
			opts = append(opts, nats.Token(tok))
		}
		if user := cred.Field("user"); user != "" {
			opts = append(opts, nats.UserInfo(user, cred.Field("password")))
		}
	}
	nc, err := nats.Connect(c.url, opts...)
	if err != nil {
		return nil, fmt.Errorf("connect to NATS at %s: %w", c.url, err)
	}
	return nc, nil
}

// natsMessage turns a received NATS message into a Weft message; a JSON
// payload that does not parse comes back as a string with the error.
func natsMessage(format string, m *nats.Msg) (*message.Message, error) {
	payload, err := decode(format, m.Data)
	msg := message.New(payload)
	msg.Meta = map[string]string{MetaNATSSubject: m.Subject}
	if m.Reply != "" {
		msg.Meta[MetaNATSReply] = m.Reply
	}
	for k, vs := range m.Header {
		if len(vs) > 0 {
			msg.Meta[MetaNATSHeader+k] = vs[0]
		}
	}
	return msg, err
}

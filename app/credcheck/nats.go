package credcheck

import (
	"context"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/weftworks/weft/engine/credential"
)

// checkNATS connects to server with c's user and password or token.
func checkNATS(ctx context.Context, c credential.Credential, server string) Result {
	opts := []nats.Option{nats.NoReconnect(), nats.Name("weft credential check")}
	if d, ok := ctx.Deadline(); ok {
		opts = append(opts, nats.Timeout(time.Until(d)))
	}
	if u := c.Field("user"); u != "" {
		opts = append(opts, nats.UserInfo(u, c.Field("password")))
	}
	if t := c.Field("token"); t != "" {
		opts = append(opts, nats.Token(t))
	}
	nc, err := nats.Connect(server, opts...)
	if err != nil {
		return fail("NATS: %v", err)
	}
	defer nc.Close()
	if err := nc.FlushWithContext(ctx); err != nil {
		return fail("NATS: %v", err)
	}
	return pass("connected to NATS server %s (version %s)", nc.ConnectedUrlRedacted(), nc.ConnectedServerVersion())
}

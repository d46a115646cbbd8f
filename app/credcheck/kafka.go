package credcheck

import (
	"context"
	"strings"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl"
	"github.com/twmb/franz-go/pkg/sasl/plain"
	"github.com/twmb/franz-go/pkg/sasl/scram"

	"github.com/weftworks/weft/engine/credential"
)

// checkKafka authenticates to the comma-separated seed brokers with c's
// SASL mechanism and asks for the cluster metadata.
func checkKafka(ctx context.Context, c credential.Credential, brokers string) Result {
	var seeds []string
	for _, b := range strings.Split(brokers, ",") {
		if b = strings.TrimSpace(b); b != "" {
			seeds = append(seeds, b)
		}
	}
	mech, ok := kafkaMechanism(c)
	if !ok {
		return fail("Kafka: unknown SASL mechanism %q", c.Field("mechanism"))
	}
	cl, err := kgo.NewClient(kgo.SeedBrokers(seeds...), kgo.SASL(mech), kgo.ClientID("weft-credential-check"))
	if err != nil {
		return fail("Kafka: %v", err)
	}
	defer cl.Close()
	if err := cl.Ping(ctx); err != nil {
		return fail("Kafka: %v", err)
	}
	return pass("authenticated to Kafka at %s", strings.Join(seeds, ", "))
}

func kafkaMechanism(c credential.Credential) (sasl.Mechanism, bool) {
	user, pass := c.Field("username"), c.Field("password")
	switch c.Field("mechanism") {
	case "plain":
		return plain.Auth{User: user, Pass: pass}.AsMechanism(), true
	case "scram-sha-256":
		return scram.Auth{User: user, Pass: pass}.AsSha256Mechanism(), true
	case "scram-sha-512":
		return scram.Auth{User: user, Pass: pass}.AsSha512Mechanism(), true
	}
	return nil, false
}

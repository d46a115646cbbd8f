package cluster

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Defaults of a Config's zero fields.
const (
	DefaultAckWait  = 30 * time.Second
	DefaultLeaseTTL = 15 * time.Second
	// DefaultPrefetch is how many messages a runner pulls ahead per
	// trigger node.
	DefaultPrefetch = 16
)

// ErrNoURL is returned by Connect for a Config without a URL.
var ErrNoURL = errors.New("no NATS URL: give --cluster nats://host:4222 or a config file naming \"url\"")

// Config says how to reach the NATS servers and how weft uses JetStream.
type Config struct {
	// URL is one or more NATS server URLs, comma-separated.
	URL string `json:"url"`
	// Credentials is a NATS .creds file, when the servers want one.
	Credentials string `json:"credentials,omitempty"`
	// Replicas is how many servers keep each stream, bucket and object
	// store; zero: three, or fewer when fewer servers are known.
	Replicas int `json:"replicas,omitempty"`
	// AckWait is how long a runner may go silent about a message it works
	// on before it is delivered to another (a runner says "in progress"
	// every third of it).
	AckWait Duration `json:"ackWait,omitempty"`
	// LeaseTTL is how long a schedule lease lasts without a renewal.
	LeaseTTL Duration `json:"leaseTTL,omitempty"`
	// Prefetch is how many messages a runner pulls ahead per trigger.
	Prefetch int `json:"prefetch,omitempty"`
	// BundleBucket is the object store holding the bundle set; zero:
	// weft_bundles. Runners and deployers that share it share one set, so
	// a second set on the same servers (staging beside production, or a
	// test) names its own.
	BundleBucket string `json:"bundleBucket,omitempty"`
	// Name names this runner's connection (server monitoring shows it).
	Name string `json:"-"`
	// Log gets the dead letters and the trouble reaching NATS.
	Log *slog.Logger `json:"-"`
}

// Duration is a time.Duration written as "30s" in a config file.
type Duration time.Duration

// UnmarshalJSON reads "1m30s".
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("want a duration such as \"30s\": %w", err)
	}
	v, err := time.ParseDuration(s)
	if err != nil || v < 0 {
		return fmt.Errorf("want a duration such as \"30s\", got %q", s)
	}
	*d = Duration(v)
	return nil
}

// LoadConfig reads a JSON config file: {"url": "nats://…", "replicas": 3,
// "ackWait": "30s", "leaseTTL": "15s", "credentials": "FILE", "prefetch":
// 16, "bundleBucket": "weft_bundles"}. Unknown fields are refused.
func LoadConfig(path string) (Config, error) {
	var c Config
	f, err := os.Open(path)
	if err != nil {
		return c, fmt.Errorf("cluster config: %w", err)
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return c, fmt.Errorf("cluster config %s: %w", path, err)
	}
	if c.URL == "" {
		return c, fmt.Errorf("cluster config %s: %w", path, ErrNoURL)
	}
	return c, nil
}

// Cluster is a connection to the NATS servers weft's runners share. It is
// safe for concurrent use.
type Cluster struct {
	nc  *nats.Conn
	js  jetstream.JetStream
	cfg Config
	log *slog.Logger

	mu       sync.Mutex
	streams  map[string]bool // the work streams made or checked
	leaseKV  jetstream.KeyValue
	leaseTTL time.Duration // the lease bucket's
	// starting counts the Redelivers not yet pulling messages.
	starting atomic.Int64
	// consumers are the durable consumers in use, by subject.
	consumers map[string]jetstream.Consumer
}

// Connect connects to the servers cfg names. It keeps reconnecting after
// a server goes away; Close ends it.
func Connect(ctx context.Context, cfg Config) (*Cluster, error) {
	if strings.TrimSpace(cfg.URL) == "" {
		return nil, ErrNoURL
	}
	opts := []nats.Option{nats.Name(cmpOr(cfg.Name, "weft")), nats.MaxReconnects(-1),
		nats.ReconnectWait(250 * time.Millisecond), nats.Timeout(5 * time.Second)}
	if cfg.Credentials != "" {
		opts = append(opts, nats.UserCredentials(cfg.Credentials))
	}
	nc, err := nats.Connect(cfg.URL, opts...)
	if err != nil {
		return nil, fmt.Errorf("cluster %s: %w", cfg.URL, err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("cluster %s: %w", cfg.URL, err)
	}
	if _, err := js.AccountInfo(ctx); err != nil {
		nc.Close()
		return nil, fmt.Errorf("cluster %s: JetStream is not enabled or not reachable: %w", cfg.URL, err)
	}
	cfg = withDefaults(cfg, len(nc.Servers()))
	c := &Cluster{nc: nc, js: js, cfg: cfg, log: cfg.Log, streams: map[string]bool{}, consumers: map[string]jetstream.Consumer{}}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	return c, nil
}

func withDefaults(cfg Config, servers int) Config {
	if cfg.Replicas <= 0 {
		cfg.Replicas = max(1, min(3, servers))
	}
	if cfg.AckWait <= 0 {
		cfg.AckWait = Duration(DefaultAckWait)
	}
	if cfg.LeaseTTL <= 0 {
		cfg.LeaseTTL = Duration(DefaultLeaseTTL)
	}
	if cfg.Prefetch <= 0 {
		cfg.Prefetch = DefaultPrefetch
	}
	cfg.BundleBucket = cmpOr(cfg.BundleBucket, DefaultBundleBucket)
	return cfg
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// Close closes the connection.
func (c *Cluster) Close() error {
	c.nc.Close()
	return nil
}

// Ready reports, for /readyz, whether every trigger's Redeliver pulls
// messages: until then this runner takes no share of the work.
func (c *Cluster) Ready() error {
	if n := c.starting.Load(); n > 0 {
		return fmt.Errorf("%d trigger(s) not yet pulling from the cluster", n)
	}
	return nil
}

// URL is the server the connection is on now.
func (c *Cluster) URL() string { return c.nc.ConnectedUrlRedacted() }

// Names of what weft makes in JetStream.
const (
	workStreamPrefix = "WEFT_WORK_"
	workSubjects     = "weft.work."
	deadStream       = "WEFT_DEADLETTERS"
	deadSubjects     = "weft.dead."
	leaseBucket      = "weft_leases"
)

// DefaultBundleBucket is the object store of the bundle set when a Config
// names none.
const DefaultBundleBucket = "weft_bundles"

// token makes s safe as a subject token, stream or consumer name: the
// letters, digits, '-' and '_' of s, then a hash of s, so that two names
// never share a token.
func token(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
		if b.Len() >= 48 {
			break
		}
	}
	sum := sha256.Sum256([]byte(s))
	return b.String() + "_" + hex.EncodeToString(sum[:4])
}

func workStream(scope string) string        { return workStreamPrefix + token(scope) }
func workSubject(scope, node string) string { return workSubjects + token(scope) + "." + token(node) }
func deadSubject(id string) string          { return deadSubjects + token(id) }

// stream makes the work stream of scope unless this process already did.
func (c *Cluster) stream(ctx context.Context, scope string) error {
	name := workStream(scope)
	c.mu.Lock()
	done := c.streams[name]
	c.mu.Unlock()
	if done {
		return nil
	}
	_, err := c.ensureStream(ctx, jetstream.StreamConfig{
		Name: name, Description: "weft: the accepted messages of " + scope,
		Subjects: []string{workSubjects + token(scope) + ".>"}, Retention: jetstream.WorkQueuePolicy,
		Storage: jetstream.FileStorage, Replicas: c.cfg.Replicas, Duplicates: 2 * time.Minute,
	})
	if err != nil {
		return fmt.Errorf("cluster: stream %s for %s: %w", name, scope, err)
	}
	c.mu.Lock()
	c.streams[name] = true
	c.mu.Unlock()
	return nil
}

// deadLetters makes or returns the dead-letter stream.
func (c *Cluster) deadLetters(ctx context.Context) (jetstream.Stream, error) {
	s, err := c.ensureStream(ctx, jetstream.StreamConfig{
		Name: deadStream, Description: "weft: messages whose work kept failing",
		Subjects: []string{deadSubjects + ">"}, Storage: jetstream.FileStorage, Replicas: c.cfg.Replicas,
	})
	if err != nil {
		return nil, fmt.Errorf("cluster: dead-letter stream: %w", err)
	}
	return s, nil
}

func (c *Cluster) ensureStream(ctx context.Context, cfg jetstream.StreamConfig) (jetstream.Stream, error) {
	return ensure(ctx, func(ctx context.Context) (jetstream.Stream, error) { return c.js.Stream(ctx, cfg.Name) },
		func(ctx context.Context) (jetstream.Stream, error) { return c.js.CreateStream(ctx, cfg) },
		jetstream.ErrStreamNotFound)
}

// attemptTimeout bounds one try of ensure.
const attemptTimeout = 2 * time.Second

// ensure returns what get finds or else what create makes, trying again
// until ctx ends: several runners starting at once each end with the one
// stream, consumer or bucket (a clustered JetStream can leave a request
// racing another's creation unanswered). What exists is used as it is.
func ensure[T any](ctx context.Context, get, create func(context.Context) (T, error), notFound error) (T, error) {
	for {
		actx, cancel := context.WithTimeout(ctx, attemptTimeout)
		v, err := get(actx)
		if errors.Is(err, notFound) {
			v, err = create(actx)
		}
		cancel()
		if err == nil || ctx.Err() != nil {
			return v, err
		}
		sleepCtx(ctx, 50*time.Millisecond)
	}
}

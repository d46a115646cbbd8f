package cluster

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/weftworks/weft/connectors/schedule"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
)

// Lease is the schedule lease of one scope's nodes: a key per node in a
// JetStream key-value bucket whose keys live LeaseTTL unless renewed.
type Lease struct {
	c     *Cluster
	scope string

	mu     sync.Mutex
	keeper map[string]*keeper // node → the keeper of the current run
}

var _ schedule.Lease = (*Lease)(nil)

// Lease returns the schedule lease of scope's nodes.
func (c *Cluster) Lease(scope string) *Lease {
	return &Lease{c: c, scope: scope, keeper: map[string]*keeper{}}
}

// Provide adds to sv the host services a run of scope gets from the
// cluster: the schedule lease.
func (c *Cluster) Provide(sv registry.Services, scope string) registry.Services {
	registry.Provide[schedule.Lease](sv, schedule.LeaseKey, c.Lease(scope))
	return sv
}

// Held implements schedule.Lease. The first call of a run starts a
// keeper that tries to take the node's lease, renews it while held and
// gives it up when ctx ends.
func (l *Lease) Held(ctx context.Context, node string) bool {
	l.mu.Lock()
	k := l.keeper[node]
	if k == nil || k.ctx.Err() != nil {
		k = &keeper{ctx: ctx, c: l.c, key: token(l.scope) + "." + token(node), me: message.NewID()}
		l.keeper[node] = k
		l.mu.Unlock()
		k.try()
		go k.run()
	} else {
		l.mu.Unlock()
	}
	return k.held()
}

// keeper holds or waits for one lease key.
type keeper struct {
	ctx context.Context
	c   *Cluster
	key string
	me  string // this keeper's value in the key

	mu      sync.Mutex
	rev     uint64    // the key's revision while held; 0 when not held
	renewed time.Time // the last successful take or renewal
}

// held reports whether the lease is ours and was renewed recently enough
// that no other runner can have taken it.
func (k *keeper) held() bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.rev != 0 && time.Since(k.renewed) < 2*k.c.ttl()/3
}

// ttl is the lease bucket's TTL once known, else the configured one.
func (c *Cluster) ttl() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.leaseTTL > 0 {
		return c.leaseTTL
	}
	return time.Duration(c.cfg.LeaseTTL)
}

// run takes or renews the lease every third of its TTL until ctx ends,
// then gives it up.
func (k *keeper) run() {
	for {
		t := time.NewTimer(k.c.ttl() / 3)
		select {
		case <-k.ctx.Done():
			t.Stop()
			k.release()
			return
		case <-t.C:
			k.try()
		}
	}
}

// try takes the lease when free, or renews it when ours.
func (k *keeper) try() {
	ctx, cancel := context.WithTimeout(context.Background(), k.c.ttl()/3)
	defer cancel()
	kv, err := k.c.leases(ctx)
	if err != nil {
		k.c.log.Warn("cluster: schedule lease", "key", k.key, "error", err.Error())
		return
	}
	k.mu.Lock()
	rev := k.rev
	k.mu.Unlock()
	// The lease counts from before the write: the key's TTL runs from
	// when the server stored it, which is later.
	sent := time.Now()
	if rev != 0 {
		rev, err = kv.Update(ctx, k.key, []byte(k.me), rev)
	} else {
		rev, err = kv.Create(ctx, k.key, []byte(k.me))
	}
	if err != nil {
		// A write that timed out may have been applied: the key may be
		// ours at a revision we never heard of.
		rev = k.ours(ctx, kv)
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	switch {
	case err == nil:
		k.rev, k.renewed = rev, sent
	case rev != 0:
		k.rev = rev // still ours; held() counts from the last renewal
	default:
		k.rev = 0 // another runner holds it, or NATS is out of reach
	}
}

// ours returns the key's revision when it holds this keeper's value,
// else 0.
func (k *keeper) ours(ctx context.Context, kv jetstream.KeyValue) uint64 {
	e, err := kv.Get(ctx, k.key)
	if err != nil || string(e.Value()) != k.me {
		return 0
	}
	return e.Revision()
}

// release deletes the key if it is still ours, so that another runner
// takes the lease without waiting for the TTL.
func (k *keeper) release() {
	k.mu.Lock()
	rev := k.rev
	k.rev = 0
	k.mu.Unlock()
	if rev == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if kv, err := k.c.leases(ctx); err == nil {
		_ = kv.Delete(ctx, k.key, jetstream.LastRevision(rev))
	}
}

// leases makes or returns the lease bucket.
func (c *Cluster) leases(ctx context.Context) (jetstream.KeyValue, error) {
	c.mu.Lock()
	kv := c.leaseKV
	c.mu.Unlock()
	if kv != nil {
		return kv, nil
	}
	cfg := jetstream.KeyValueConfig{
		Bucket: leaseBucket, Description: "weft: schedule leases", History: 1,
		TTL: time.Duration(c.cfg.LeaseTTL), Replicas: c.cfg.Replicas, Storage: jetstream.FileStorage,
	}
	kv, err := ensure(ctx, func(ctx context.Context) (jetstream.KeyValue, error) { return c.js.KeyValue(ctx, leaseBucket) },
		func(ctx context.Context) (jetstream.KeyValue, error) { return c.js.CreateKeyValue(ctx, cfg) },
		jetstream.ErrBucketNotFound)
	if err != nil {
		return nil, fmt.Errorf("cluster: lease bucket: %w", err)
	}
	// The bucket's TTL rules, whichever runner made it.
	ttl := time.Duration(c.cfg.LeaseTTL)
	if st, err := kv.Status(ctx); err == nil && st.TTL() > 0 {
		ttl = st.TTL()
	}
	c.mu.Lock()
	c.leaseKV, c.leaseTTL = kv, ttl
	c.mu.Unlock()
	return kv, nil
}

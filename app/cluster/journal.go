package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
	"github.com/weftworks/weft/engine/spool"
)

// pullExpiry is how long one pull request waits for messages.
const pullExpiry = time.Second

// giveBackDelay is how long a message a stopping runner gives back waits:
// past the expiry of that runner's pull requests, which would otherwise
// take it into an inbox nobody reads until AckWait.
const giveBackDelay = 2 * pullExpiry

// publishTimeout bounds one publish, retries through a leader change
// included.
const publishTimeout = 10 * time.Second

// entry is a message on a work or dead-letter stream.
type entry struct {
	Scope      string           `json:"scope"`
	Node       string           `json:"node"`
	Port       string           `json:"port"`
	Message    *message.Message `json:"message"`
	AcceptedAt int64            `json:"acceptedAt"` // Unix ms
	// Set on a dead letter: deliveries, the failing node and why.
	Attempts    int    `json:"attempts,omitempty"`
	FailedNode  string `json:"failedNode,omitempty"`
	Error       string `json:"error,omitempty"`
	LastFailure int64  `json:"lastFailure,omitempty"`
}

// Journal is the runtime.Journal of one scope on the cluster.
type Journal struct {
	c     *Cluster
	scope string
	p     spool.RetryPolicy
	nodes spool.Nodes

	mu   sync.Mutex
	busy map[string]work // message id → its delivery being worked on here
}

// work is a delivery this runner works on.
type work struct {
	msg jetstream.Msg
	e   entry
}

var _ runtime.Journal = (*Journal)(nil)

// Journal returns the journal of scope (a "bundle/flow") failing
// messages as p says (its SourceRedelivers is not needed: the source was
// acknowledged once the cluster stored the message). With nodes, only
// those source nodes are journaled.
func (c *Cluster) Journal(scope string, p spool.RetryPolicy, nodes ...string) *Journal {
	return &Journal{c: c, scope: scope, p: p.WithDefaults(), busy: map[string]work{}, nodes: spool.NodesOf(nodes...)}
}

// Accept implements runtime.Journal: it publishes m to the scope's work
// stream and, once the stream has stored it, hands it off.
func (j *Journal) Accept(node, port string, m *message.Message) error {
	if j.nodes.Skips(node) {
		return nil
	}
	data, err := json.Marshal(entry{Scope: j.scope, Node: node, Port: port, Message: m, AcceptedAt: time.Now().UnixMilli()})
	if err != nil {
		return fmt.Errorf("%w: %v", spool.ErrNotJSON, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), publishTimeout)
	defer cancel()
	// The consumer exists before the first message: runners pulling from
	// a consumer made a moment ago can wait a pull expiry for it.
	if _, err := j.c.consumer(ctx, j.scope, node); err != nil {
		return err
	}
	if err := j.c.publish(ctx, j.scope, workSubject(j.scope, node), m.ID, data); err != nil {
		return err
	}
	return runtime.ErrHandedOff
}

// publish stores data on the work stream of scope under subject, with
// msgID for JetStream's duplicate window.
func (c *Cluster) publish(ctx context.Context, scope, subject, msgID string, data []byte) error {
	if err := c.stream(ctx, scope); err != nil {
		return err
	}
	msg := &nats.Msg{Subject: subject, Data: data, Header: nats.Header{}}
	msg.Header.Set(jetstream.MsgIDHeader, msgID)
	err := retry(ctx, func(ctx context.Context) error {
		_, err := c.js.PublishMsg(ctx, msg)
		if errors.Is(err, jetstream.ErrNoStreamResponse) || errors.Is(err, nats.ErrNoResponders) {
			// No stream took it: it may have been deleted. Check (and
			// make) it before the next try.
			c.forget(scope)
			if serr := c.stream(ctx, scope); serr != nil {
				return serr
			}
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("cluster: storing the message: %w", err)
	}
	return nil
}

// retry calls f, each call bounded by attemptTimeout, until it succeeds
// or ctx ends. A publish sent to a server going away, or to a stream
// electing a new leader, gets no answer; sent again with its message id,
// the stream keeps it once.
func retry(ctx context.Context, f func(context.Context) error) error {
	for {
		actx, cancel := context.WithTimeout(ctx, attemptTimeout)
		err := f(actx)
		cancel()
		if err == nil || ctx.Err() != nil {
			return err
		}
		sleepCtx(ctx, 100*time.Millisecond)
	}
}

// Settle implements runtime.Journal: success and a handled failure ack
// the delivery, a cancellation naks it (another runner, or the next
// version of the flow, takes it after giveBackDelay), an unhandled failure naks it
// with the policy's backoff or, at the last attempt, dead-letters it.
func (j *Journal) Settle(node, id string, o registry.Outcome) {
	if j.nodes.Skips(node) {
		return
	}
	j.mu.Lock()
	w, ok := j.busy[id]
	delete(j.busy, id)
	j.mu.Unlock()
	if !ok {
		return
	}
	var err error
	switch {
	case o.Status == registry.OutcomeSucceeded || o.Status == registry.OutcomeFailed && o.Handled:
		err = w.msg.Ack()
	case o.Status == registry.OutcomeFailed:
		err = j.fail(w, o)
	default:
		err = w.msg.NakWithDelay(giveBackDelay)
	}
	if err != nil {
		// The delivery comes back once AckWait has passed: nothing is lost.
		j.c.log.Warn("cluster: settling a message", "flow", j.scope, "id", id, "error", err.Error())
	}
}

// fail naks w with a backoff or dead-letters it once its deliveries are
// used up.
func (j *Journal) fail(w work, o registry.Outcome) error {
	md, err := w.msg.Metadata()
	if err != nil {
		return err
	}
	n := int(md.NumDelivered)
	if n < j.p.Attempts {
		return w.msg.NakWithDelay(j.p.Wait(n))
	}
	e := w.e
	e.Attempts, e.FailedNode, e.Error, e.LastFailure = n, o.Node, errText(o.Err), time.Now().UnixMilli()
	if err := j.c.deadLetter(e); err != nil {
		_ = w.msg.NakWithDelay(j.p.Wait(n))
		return err
	}
	if err := w.msg.Ack(); err != nil {
		return err
	}
	if j.p.OnDeadLetter != nil {
		j.p.OnDeadLetter(e.deadLetter())
	}
	return nil
}

func errText(err error) string {
	if err == nil {
		return "failed"
	}
	return err.Error()
}

// deadLetter stores e on the dead-letter stream.
func (c *Cluster) deadLetter(e entry) error {
	ctx, cancel := context.WithTimeout(context.Background(), publishTimeout)
	defer cancel()
	if _, err := c.deadLetters(ctx); err != nil {
		return err
	}
	data, err := json.Marshal(e)
	if err != nil {
		return err
	}
	return retry(ctx, func(ctx context.Context) error {
		_, err := c.js.Publish(ctx, deadSubject(e.Message.ID), data, jetstream.WithMsgID(e.Message.ID+".dead."+strconv.Itoa(e.Attempts)))
		if err != nil {
			return fmt.Errorf("cluster: storing a dead letter: %w", err)
		}
		return nil
	})
}

// Redeliver implements runtime.Journal: it pulls node's messages from
// the durable consumer every runner shares and emits them, until ctx
// ends. Trouble reaching NATS is logged and retried, never fatal.
func (j *Journal) Redeliver(ctx context.Context, node string, emit func(port string, m *message.Message) error) error {
	if j.nodes.Skips(node) {
		<-ctx.Done()
		return nil
	}
	go j.keepAlive(ctx, node)
	j.c.starting.Add(1)
	started := false
	defer func() {
		if !started {
			j.c.starting.Add(-1)
		}
	}()
	for ctx.Err() == nil {
		err := j.pull(ctx, node, emit, func() {
			if !started {
				started = true
				j.c.starting.Add(-1)
			}
		})
		if err != nil && ctx.Err() == nil {
			j.c.forget(j.scope) // made again at the next pull, if deleted
			j.c.log.Warn("cluster: pulling messages", "flow", j.scope, "node", node, "error", err.Error())
			sleepCtx(ctx, time.Second)
		}
	}
	return nil
}

// pull consumes until ctx ends or the consumer fails; pulling is called
// once messages are asked for.
func (j *Journal) pull(ctx context.Context, node string, emit func(port string, m *message.Message) error, pulling func()) error {
	cons, err := j.c.consumer(ctx, j.scope, node)
	if err != nil {
		return err
	}
	// A pull request sent to a consumer made a moment ago can go
	// unanswered until it expires: short expiries renew such requests.
	it, err := cons.Messages(jetstream.PullMaxMessages(j.c.cfg.Prefetch), jetstream.PullExpiry(pullExpiry))
	if err != nil {
		return err
	}
	defer j.giveBack(it)
	pulling()
	for {
		msg, err := it.Next(jetstream.NextContext(ctx))
		switch {
		case ctx.Err() != nil:
			if msg != nil {
				_ = msg.NakWithDelay(giveBackDelay)
			}
			return nil
		case errors.Is(err, jetstream.ErrMsgIteratorClosed):
			return err
		case err != nil:
			j.c.log.Debug("cluster: waiting for messages", "flow", j.scope, "node", node, "error", err.Error())
			continue
		}
		var e entry
		if err := json.Unmarshal(msg.Data(), &e); err != nil || e.Message == nil {
			j.c.log.Error("cluster: dropping a malformed message", "flow", j.scope, "node", node, "subject", msg.Subject())
			_ = msg.Term()
			continue
		}
		j.mu.Lock()
		j.busy[e.Message.ID] = work{msg: msg, e: e}
		j.mu.Unlock()
		// An error settles the message as cancelled or failed: nothing is lost.
		_ = emit(e.Port, e.Message)
	}
}

// giveBack stops it and naks what it had pulled ahead, so another runner
// takes those at once rather than after AckWait.
func (j *Journal) giveBack(it jetstream.MessagesContext) {
	it.Drain()
	for {
		msg, err := it.Next(jetstream.NextMaxWait(time.Second))
		if err != nil {
			return
		}
		_ = msg.NakWithDelay(giveBackDelay)
	}
}

// consumer makes or returns the durable consumer of node's messages.
func (c *Cluster) consumer(ctx context.Context, scope, node string) (jetstream.Consumer, error) {
	key := workSubject(scope, node)
	c.mu.Lock()
	cons := c.consumers[key]
	c.mu.Unlock()
	if cons != nil {
		return cons, nil
	}
	if err := c.stream(ctx, scope); err != nil {
		return nil, err
	}
	name := token(node)
	cfg := jetstream.ConsumerConfig{
		Durable: name, Description: "weft: runners of " + scope + " node " + node,
		FilterSubject: workSubject(scope, node), AckPolicy: jetstream.AckExplicitPolicy,
		AckWait: time.Duration(c.cfg.AckWait), Replicas: c.cfg.Replicas,
	}
	cons, err := ensure(ctx, func(ctx context.Context) (jetstream.Consumer, error) {
		return c.js.Consumer(ctx, workStream(scope), name)
	},
		func(ctx context.Context) (jetstream.Consumer, error) {
			return c.js.CreateConsumer(ctx, workStream(scope), cfg)
		},
		jetstream.ErrConsumerNotFound)
	if err != nil {
		c.forget(scope)
		return nil, fmt.Errorf("cluster: consumer %s of %s: %w", name, workStream(scope), err)
	}
	c.mu.Lock()
	c.consumers[key] = cons
	c.mu.Unlock()
	return cons, nil
}

// forget makes the next use of scope's stream check it again (it may
// have been deleted).
func (c *Cluster) forget(scope string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.streams, workStream(scope))
	for k := range c.consumers {
		if strings.HasPrefix(k, workSubjects+token(scope)+".") {
			delete(c.consumers, k)
		}
	}
}

// keepAlive tells JetStream every third of AckWait that node's messages
// in work here are still in progress, until ctx ends.
func (j *Journal) keepAlive(ctx context.Context, node string) {
	t := time.NewTicker(time.Duration(j.c.cfg.AckWait) / 3)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		j.mu.Lock()
		var msgs []jetstream.Msg
		for _, w := range j.busy {
			if w.e.Node == node {
				msgs = append(msgs, w.msg)
			}
		}
		j.mu.Unlock()
		for _, m := range msgs {
			_ = m.InProgress()
		}
	}
}

// sleepCtx waits d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

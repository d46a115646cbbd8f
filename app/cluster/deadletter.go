package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/weftworks/weft/engine/spool"
)

// opTimeout bounds one dead-letter or metrics call.
const opTimeout = 30 * time.Second

func (e entry) deadLetter() spool.DeadLetter {
	last := time.UnixMilli(e.LastFailure)
	return spool.DeadLetter{ID: e.Message.ID, Scope: e.Scope, Trigger: e.Node, Port: e.Port, Node: e.FailedNode,
		Error: e.Error, Attempts: e.Attempts, AcceptedAt: time.UnixMilli(e.AcceptedAt),
		FirstFailure: last, LastFailure: last, Message: e.Message}
}

// stored is a dead letter and its sequence in the stream.
type stored struct {
	seq uint64
	e   entry
}

// ListDeadLetters returns the dead letters of scope (every scope when
// empty), oldest failure first.
func (c *Cluster) ListDeadLetters(scope string) ([]spool.DeadLetter, error) {
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	all, err := c.allDead(ctx)
	var out []spool.DeadLetter
	for _, s := range all {
		if scope == "" || s.e.Scope == scope {
			out = append(out, s.e.deadLetter())
		}
	}
	slices.SortStableFunc(out, func(a, b spool.DeadLetter) int { return a.LastFailure.Compare(b.LastFailure) })
	return out, err
}

// allDead reads the whole dead-letter stream with an ordered consumer.
func (c *Cluster) allDead(ctx context.Context) ([]stored, error) {
	s, err := c.deadLetters(ctx)
	if err != nil {
		return nil, err
	}
	var out []stored
	err = retry(ctx, func(ctx context.Context) error {
		out, err = readDead(ctx, s)
		return err
	})
	return out, err
}

// readDead reads s from its start with an ordered consumer.
func readDead(ctx context.Context, s jetstream.Stream) ([]stored, error) {
	info, err := s.Info(ctx)
	if err != nil || info.State.Msgs == 0 {
		return nil, err
	}
	cons, err := s.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{})
	if err != nil {
		return nil, err
	}
	var out []stored
	for {
		msg, err := cons.Next(jetstream.FetchContext(ctx))
		if err != nil {
			return out, fmt.Errorf("cluster: reading dead letters: %w", err)
		}
		md, err := msg.Metadata()
		if err != nil {
			return out, err
		}
		var e entry
		if json.Unmarshal(msg.Data(), &e) == nil && e.Message != nil {
			out = append(out, stored{seq: md.Sequence.Stream, e: e})
		}
		if md.NumPending == 0 {
			return out, nil
		}
	}
}

// DeadLetter returns the dead letter of message id.
func (c *Cluster) DeadLetter(id string) (spool.DeadLetter, error) {
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	s, err := c.find(ctx, id)
	if err != nil {
		return spool.DeadLetter{}, err
	}
	return s.e.deadLetter(), nil
}

// find returns the dead letter of id, or an error wrapping
// spool.ErrNotFound.
func (c *Cluster) find(ctx context.Context, id string) (stored, error) {
	st, err := c.deadLetters(ctx)
	if err != nil {
		return stored{}, err
	}
	raw, err := st.GetLastMsgForSubject(ctx, deadSubject(id))
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return stored{}, fmt.Errorf("%w: %s", spool.ErrNotFound, id)
	}
	if err != nil {
		return stored{}, fmt.Errorf("cluster: dead letter %s: %w", id, err)
	}
	var e entry
	if err := json.Unmarshal(raw.Data, &e); err != nil || e.Message == nil {
		return stored{}, fmt.Errorf("cluster: dead letter %s is malformed", id)
	}
	return stored{seq: raw.Sequence, e: e}, nil
}

// findAll returns the dead letters of ids (each once), or the first
// unknown id's error.
func (c *Cluster) findAll(ctx context.Context, ids []string) ([]stored, error) {
	var out []stored
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		s, err := c.find(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// Replay puts the dead letters of the ids back on their work streams,
// with their deliveries counted from zero: a runner of their flow takes
// them at once. An unknown id changes nothing and fails with
// spool.ErrNotFound.
func (c *Cluster) Replay(ids ...string) error {
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	found, err := c.findAll(ctx, ids)
	if err != nil {
		return err
	}
	for _, s := range found {
		e := s.e
		e.Attempts, e.FailedNode, e.Error, e.LastFailure = 0, "", "", 0
		data, err := json.Marshal(e)
		if err != nil {
			return err
		}
		// A fresh id for the duplicate window: the first delivery's may
		// still be in it.
		dedupe := e.Message.ID + ".replay." + strconv.FormatUint(s.seq, 10)
		if err := c.publish(ctx, e.Scope, workSubject(e.Scope, e.Node), dedupe, data); err != nil {
			return err
		}
		if err := c.deleteDead(ctx, s.seq); err != nil {
			return err
		}
	}
	return nil
}

// Purge deletes the dead letters of the ids. An unknown id changes
// nothing and fails with spool.ErrNotFound.
func (c *Cluster) Purge(ids ...string) error {
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	found, err := c.findAll(ctx, ids)
	if err != nil {
		return err
	}
	for _, s := range found {
		if err := c.deleteDead(ctx, s.seq); err != nil {
			return err
		}
	}
	return nil
}

func (c *Cluster) deleteDead(ctx context.Context, seq uint64) error {
	st, err := c.deadLetters(ctx)
	if err != nil {
		return err
	}
	if err := st.DeleteMsg(ctx, seq); err != nil {
		return fmt.Errorf("cluster: deleting dead letter %d: %w", seq, err)
	}
	return nil
}

// SpoolDepth returns how many accepted messages wait in the work streams
// or are in work (app/ops.Backlog).
func (c *Cluster) SpoolDepth() (int64, error) {
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	var n int64
	names := c.js.StreamNames(ctx, jetstream.WithStreamListSubject(workSubjects+">"))
	for name := range names.Name() {
		if !strings.HasPrefix(name, workStreamPrefix) {
			continue
		}
		s, err := c.js.Stream(ctx, name)
		if err != nil {
			return n, err
		}
		n += int64(s.CachedInfo().State.Msgs)
	}
	return n, names.Err()
}

// DeadLetters returns how many dead letters the cluster holds
// (app/ops.Backlog).
func (c *Cluster) DeadLetters() (int64, error) {
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	s, err := c.deadLetters(ctx)
	if err != nil {
		return 0, err
	}
	return int64(s.CachedInfo().State.Msgs), nil
}

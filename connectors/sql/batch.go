package sql

import (
	"context"
	"fmt"

	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
)

// batch groups messages into one transaction, each in a savepoint. The
// messages that succeeded are kept until the commit and emitted after it.
type batch struct {
	w      *writer
	c      conn
	io     registry.IO
	tx     txn
	msgs   []*message.Message
	counts []int64
}

func (b *batch) run(ctx context.Context) error {
	defer b.rollback(ctx)
	for {
		in, ok, idle := b.receive(ctx)
		switch {
		case idle:
			if err := b.flush(ctx); err != nil {
				return err
			}
			continue
		case !ok && ctx.Err() != nil:
			return nil
		case !ok:
			return b.flush(ctx)
		}
		if err := b.add(ctx, in.Msg); err != nil {
			return err
		}
		if len(b.msgs) >= b.w.mode.size {
			if err := b.flush(ctx); err != nil {
				return err
			}
		}
	}
}

// receive waits for the next input; with a transaction open it waits at
// most the batch wait and reports idle when that passed.
func (b *batch) receive(ctx context.Context) (in registry.Input, ok, idle bool) {
	if b.tx == nil {
		in, ok = b.io.Receive(ctx)
		return in, ok, false
	}
	wctx, cancel := context.WithTimeout(ctx, b.w.mode.wait)
	defer cancel()
	in, ok = b.io.Receive(wctx)
	return in, ok, !ok && ctx.Err() == nil && wctx.Err() != nil
}

// add applies m inside the batch transaction. A statement error rolls
// back m's savepoint and fails m; the batch goes on.
func (b *batch) add(ctx context.Context, m *message.Message) error {
	if b.tx == nil {
		tx, err := b.c.begin(ctx)
		if err != nil {
			return b.failOne(ctx, m, err)
		}
		b.tx = tx
	}
	if _, err := b.tx.exec(ctx, "SAVEPOINT "+savepoint, nil); err != nil {
		return b.abort(ctx, m, err)
	}
	n, err := b.w.apply(ctx, b.tx, m.Payload)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if _, rerr := b.tx.exec(ctx, "ROLLBACK TO SAVEPOINT "+savepoint, nil); rerr != nil {
			return b.abort(ctx, m, fmt.Errorf("%w (and the rollback failed: %w)", err, rerr))
		}
		return b.io.Fail(ctx, m, err)
	}
	if _, err := b.tx.exec(ctx, "RELEASE SAVEPOINT "+savepoint, nil); err != nil {
		return b.abort(ctx, m, err)
	}
	b.io.Keep(m)
	b.msgs = append(b.msgs, m)
	b.counts = append(b.counts, n)
	return nil
}

// flush commits the batch and emits its messages, or fails them all when
// the commit fails.
func (b *batch) flush(ctx context.Context) error {
	if b.tx == nil {
		return nil
	}
	err := b.tx.commit(ctx)
	b.tx = nil
	if err != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	msgs, counts := b.msgs, b.counts
	b.msgs, b.counts = nil, nil
	for i, m := range msgs {
		var e error
		if err != nil {
			e = b.io.Fail(ctx, m, fmt.Errorf("commit: %w", err))
		} else {
			e = emitWritten(ctx, b.io, m, counts[i])
		}
		b.io.Done(m)
		if e != nil {
			return e
		}
	}
	return nil
}

// abort rolls the whole batch back after the transaction itself broke,
// failing every message in it and m.
func (b *batch) abort(ctx context.Context, m *message.Message, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	b.rollback(ctx)
	msgs := b.msgs
	b.msgs, b.counts = nil, nil
	for _, k := range msgs {
		e := b.io.Fail(ctx, k, fmt.Errorf("batch rolled back: %w", err))
		b.io.Done(k)
		if e != nil {
			return e
		}
	}
	return b.failOne(ctx, m, err)
}

func (b *batch) failOne(ctx context.Context, m *message.Message, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return b.io.Fail(ctx, m, err)
}

// rollback ends an open transaction without committing.
func (b *batch) rollback(ctx context.Context) {
	if b.tx != nil {
		_ = b.tx.rollback(ctx)
		b.tx = nil
	}
}

package control

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/mapping/expr"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

// ErrNoStateStore is returned by a dedupe node's Run when the host
// provides no StateStore under StateKey.
var ErrNoStateStore = errors.New("the dedupe node needs a state store for its keys, and this host provides none")

var _ registry.Node = (*dedupe)(nil)

func dedupeSpec() spec.Spec {
	return spec.Spec{
		Type:     "control.dedupe",
		Title:    "Dedupe",
		Category: spec.Transform,
		Icon:     "copy",
		Description: "Passes on the first message with each key and sends later ones with the same key within the " +
			"window out of \"duplicate\". The window starts when a key is first seen and is not extended by " +
			"duplicates. The key is a JavaScript expression over the payload; empty uses the whole payload. Keys " +
			"are kept in the host's state store (a bbolt file for `weft run`), so they survive restarts; each node " +
			"has its own keys (its scope, the node id unless set). Bad input: a key expression that throws or gives " +
			"null, or a state store error, sends the message to the error port with the reason; the next message " +
			"continues. A host without a state store fails the run at start.",
		Inputs: []spec.Port{{Name: "in"}},
		Outputs: []spec.Port{
			{Name: "out", Description: "First sightings, unchanged."},
			{Name: "duplicate", Description: "Repeats within the window, unchanged."},
		},
		Config: []spec.Field{
			{Name: "key", Title: "Key", Type: spec.String, Editor: spec.EditorJavaScript,
				Description: "A JavaScript expression giving the key; empty for the whole payload.",
				Examples:    []any{"orderId", "`${customer.id}:${sku}`"}},
			{Name: "windowMs", Title: "Window (ms)", Type: spec.Integer, Required: true, Default: 86400000.0,
				Minimum: minimum(1), Description: "How long a key counts as seen."},
			{Name: "scope", Title: "Scope", Type: spec.String, Advanced: true,
				Description: "The name keys are kept under; nodes with the same scope share keys. Default: the node id."},
		},
	}
}

// dedupe drops (routes away) repeats of a key within a window.
type dedupe struct {
	key    expr.Program // nil: the whole payload
	window time.Duration
	scope  string
}

func newDedupe(n flow.Node, cfg map[string]any) (registry.Node, error) {
	d := &dedupe{scope: n.ID}
	var err error
	if d.window, err = millis(cfg, "windowMs"); err != nil {
		return nil, err
	}
	scope, err := spec.Text(cfg, "scope")
	if err != nil {
		return nil, err
	}
	if scope != "" {
		d.scope = scope
	}
	src, err := spec.Text(cfg, "key")
	if err == nil && src != "" {
		d.key, err = compile("key", src)
	}
	return d, err
}

// Run implements registry.Node.
func (d *dedupe) Run(ctx context.Context, io registry.IO) error {
	store, ok := registry.ServiceOf(io, StateKey)
	if !ok {
		return ErrNoStateStore
	}
	for {
		in, ok := io.Receive(ctx)
		if !ok {
			return nil
		}
		seen, err := d.seen(ctx, store, in.Msg)
		port := "out"
		if seen {
			port = "duplicate"
		}
		if err := routeOrFail(ctx, io, in, port, err); err != nil {
			return err
		}
	}
}

func (d *dedupe) seen(ctx context.Context, store StateStore, m *message.Message) (bool, error) {
	var k string
	var err error
	if d.key != nil {
		k, err = key(ctx, d.key, m.Payload)
	} else {
		var b []byte
		b, err = keyJSON(m.Payload)
		k = string(b)
	}
	if err != nil {
		return false, err
	}
	seen, err := store.SeenBefore(ctx, d.scope, k, d.window, time.Now())
	if err != nil {
		return false, fmt.Errorf("dedupe: %w", err)
	}
	return seen, nil
}

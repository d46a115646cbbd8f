package http

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	gojson "github.com/goccy/go-json"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

// ErrNotFromWebhook is the failure reason for a message that reaches an
// HTTP response node without a request id.
var ErrNotFromWebhook = errors.New("the message did not come from a webhook trigger (no " + MetaRequestID + " metadata)")

var _ registry.Node = (*response)(nil)

func responseSpec() spec.Spec {
	return spec.Spec{
		Type: "http.response", Title: "HTTP response", Category: spec.Action, Icon: "reply",
		Description: "Answers the webhook request a message came from (matched by its `" + MetaRequestID +
			"` metadata, else by its message id) with a status, headers and a body, then passes the message on. The body is the " +
			"template when one is set, else the payload: JSON, or plain text for a string. Bad input: a message " +
			"from no webhook, or whose request was already answered or timed out (504 sent), goes to the error port.",
		Inputs:  []spec.Port{{Name: "in"}},
		Outputs: []spec.Port{{Name: "out", Description: "The answered messages, unchanged."}},
		Config: []spec.Field{
			{Name: "status", Title: "Status", Type: spec.Integer, Default: 200.0, Minimum: ptr(100), Maximum: ptr(599)},
			{Name: "headers", Title: "Headers", Type: spec.Object, Examples: []any{map[string]any{"X-Order": "{{id}}"}},
				Description: "Header name → value; values may hold {{path}} templates."},
			{Name: "body", Title: "Body", Type: spec.String, Examples: []any{`{"ok": true, "id": "{{id}}"}`},
				Description: "A template for the body; empty sends the payload."},
		},
	}
}

// response answers webhook requests.
type response struct {
	status  int
	headers []namedTemplate
	body    *Template
}

func newResponse(_ flow.Node, raw map[string]any) (registry.Node, error) {
	cfg := newConfig(raw)
	headers, err := cfg.templates("headers")
	if err != nil {
		return nil, err
	}
	var body *Template
	if cfg.Text("body") != "" {
		if body, err = cfg.template("body"); err != nil {
			return nil, err
		}
	}
	return &response{status: cfg.integer("status"), headers: headers, body: body}, cfg.Err()
}

// Run implements registry.Node.
func (n *response) Run(ctx context.Context, io registry.IO) error {
	l, ok := registry.ServiceOf(io, ListenerKey)
	if !ok || l == nil {
		return ErrNoListener
	}
	for {
		in, ok := io.Receive(ctx)
		if !ok {
			return nil
		}
		if err := n.answer(l, in.Msg); err != nil {
			if err := io.Fail(ctx, in.Msg, err); err != nil {
				return err
			}
			continue
		}
		if err := io.Emit(ctx, "out", in.Msg); err != nil {
			return err
		}
	}
}

// answer builds m's response and hands it to its waiting request.
func (n *response) answer(l *Listener, m *message.Message) error {
	id := m.Meta[MetaRequestID]
	resp, err := n.build(m.Payload)
	if err != nil {
		return err
	}
	if id == "" {
		// Without the metadata, the message id may still be the request's.
		if l.Respond(m.ID, resp) != nil {
			return ErrNotFromWebhook
		}
		return nil
	}
	if err := l.Respond(id, resp); err != nil {
		return fmt.Errorf("request %s: %w", id, err)
	}
	return nil
}

// build renders the response for payload.
func (n *response) build(payload any) (Response, error) {
	resp := Response{Status: n.status, Header: http.Header{}}
	for _, h := range n.headers {
		v, err := h.t.Render(payload, nil)
		if err != nil {
			return Response{}, fmt.Errorf("header %q: %w", h.name, err)
		}
		resp.Header.Set(h.name, v)
	}
	contentType := "text/plain; charset=utf-8"
	switch s, isText := payload.(string); {
	case n.body != nil:
		b, err := n.body.Render(payload, nil)
		if err != nil {
			return Response{}, fmt.Errorf("body: %w", err)
		}
		resp.Body = []byte(b)
		if json.Valid(resp.Body) {
			contentType = "application/json"
		}
	case isText:
		resp.Body = []byte(s)
	default:
		// go-json writes encoding/json's bytes (sorted keys, HTML
		// escaped), faster; engine/format writes records with it too.
		b, err := gojson.Marshal(payload)
		if err != nil {
			return Response{}, fmt.Errorf("body: %w", err)
		}
		resp.Body, contentType = append(b, '\n'), "application/json"
	}
	if resp.Header.Get("Content-Type") == "" {
		resp.Header.Set("Content-Type", contentType)
	}
	return resp, nil
}

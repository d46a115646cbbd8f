package http

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

// Metadata keys the webhook trigger sets on its messages.
const (
	// MetaRequestID correlates a message with the webhook request it
	// came from; the HTTP response node answers that request.
	MetaRequestID = "http.requestId"
	MetaMethod    = "http.method"
	MetaPath      = "http.path"
)

// Respond modes of the webhook trigger.
const (
	respondNode     = "node"
	respondAccepted = "accepted"
)

// ErrNoListener is returned from Run by webhook and response nodes when
// the host provides no Listener.
var ErrNoListener = errors.New("this node needs the host's HTTP listener: run the flow with `weft run --listen <address>` or from Weft Studio")

var _ registry.Node = (*webhook)(nil)

func webhookSpec() spec.Spec {
	return spec.Spec{
		Type: "http.webhook", Title: "Webhook", Category: spec.Trigger, Icon: "webhook",
		// Spooled when it answers at once: one that answers with the
		// flow's result tells its caller of a crash, who sends again.
		Trigger: &spec.TriggerTraits{Kind: spec.TriggerHTTP, PathField: "path", Spooled: true,
			SpooledIf: &spec.Condition{Field: "respond", Equals: []any{respondAccepted}}},
		Description: "Starts work for each HTTP request to a path on the host's listener. The message payload is " +
			"`{method, path, query, headers, body}`: JSON, form, XML and text bodies are parsed by content type " +
			"(the Authorization header and an API key are removed). The request waits for an HTTP response " +
			"node; if the flow ends without one the caller gets 204 (succeeded), 500 (failed) or 503 (cancelled), " +
			"and 504 after the timeout. Bad input: a request without valid auth gets 401 and starts nothing; " +
			"a body over the limit gets 413 and an unparseable body 400, and both go to the error port with " +
			"the request (without its body) and the reason; with neither an error port nor a catcher they " +
			"are counted on the node and the server keeps serving (the runner isolates failures).",
		Outputs: []spec.Port{{Name: "out", Description: "One message per accepted request."}},
		Config:  webhookFields(),
	}
}

func webhookFields() []spec.Field {
	hmacOnly := &spec.Condition{Field: "auth", Equals: []any{authHMAC}}
	withCred := &spec.Condition{Field: "auth", Equals: []any{authAPIKey, authBasic, authHMAC}}
	cred := credentialField("API key: an apikey credential (its header or query name and key). Basic: a basic " +
		"credential. HMAC: an apikey or bearer credential holding the shared secret.")
	cred.ShowIf, cred.Required = withCred, true
	return []spec.Field{
		{Name: "path", Title: "Path", Type: spec.String, Required: true, Examples: []any{"/orders"},
			Description: "The URL path on the listener, starting with /. Two running webhooks cannot share a path."},
		{Name: "methods", Title: "Methods", Type: spec.Array, Default: []any{"POST"},
			Items:       &spec.Field{Type: spec.String, Enum: []string{"GET", "POST", "PUT", "PATCH", "DELETE"}},
			Description: "Accepted methods; others get 405. Empty accepts any."},
		{Name: "auth", Title: "Authentication", Type: spec.String, Default: authNone,
			Enum:        []string{authNone, authAPIKey, authBasic, authHMAC},
			Description: "How callers prove who they are. HMAC: a `sha256=<hex>` HMAC-SHA256 of the raw body in a header."},
		cred,
		{Name: "signatureHeader", Title: "Signature header", Type: spec.String, Default: "X-Hub-Signature-256",
			ShowIf: hmacOnly, Description: "The header carrying the HMAC signature."},
		{Name: "respond", Title: "Respond", Type: spec.String, Default: respondNode,
			Enum: []string{respondNode, respondAccepted},
			Description: "node: wait for an HTTP response node. accepted: answer 202 with the message id as soon " +
				"as the message has entered the flow (and the runner's spool, which delivers it at least once) " +
				"and let the flow run on; 503 with the reason when it could not be spooled."},
		{Name: "maxBodyBytes", Title: "Body limit (bytes)", Type: spec.Integer, Default: float64(1 << 20),
			Minimum: ptr(1), Advanced: true, Description: "Larger bodies get 413."},
		{Name: "timeoutMs", Title: "Timeout (ms)", Type: spec.Integer, Default: 30000.0, Minimum: ptr(1),
			Advanced: true, Description: "How long a request waits for its response before it gets 504."},
	}
}

// webhook is a running webhook trigger.
type webhook struct {
	path, auth, credential, sigHeader, respond string
	methods                                    []string
	maxBody                                    int64
	timeout                                    time.Duration
}

func newWebhook(_ flow.Node, raw map[string]any) (registry.Node, error) {
	cfg := newConfig(raw)
	path := cfg.Text("path")
	if !strings.HasPrefix(path, "/") {
		return nil, fmt.Errorf("field %q: %w", "path", ErrBadPath)
	}
	return &webhook{
		path: path, auth: cfg.Text("auth"), credential: cfg.Text("credential"),
		sigHeader: cfg.Text("signatureHeader"), respond: cfg.Text("respond"),
		methods: cfg.Strings("methods"), maxBody: int64(cfg.integer("maxBodyBytes")),
		timeout: time.Duration(cfg.integer("timeoutMs")) * time.Millisecond,
	}, cfg.Err()
}

// job is a request handed from an HTTP goroutine to Run: a message to
// emit, or (fail set) a bad request to report.
type job struct {
	m    *message.Message
	fail error
	// emitted receives the result of emitting m (respond: accepted only):
	// once it is nil, m is in the flow (and in the host's spool, when it
	// keeps one).
	emitted chan error
	// outcome receives how m's work ended (respond: node only).
	outcome chan registry.Outcome
}

// Run implements registry.Node: it listens until ctx is done.
func (w *webhook) Run(ctx context.Context, io registry.IO) error {
	l, ok := registry.ServiceOf(io, ListenerKey)
	if !ok || l == nil {
		return ErrNoListener
	}
	g, err := newGate(ctx, io, w.auth, w.credential, w.sigHeader)
	if err != nil {
		return err
	}
	h := &webhookHandler{w: w, gate: g, l: l, ctx: ctx, jobs: make(chan job)}
	remove, err := l.Handle(w.path, w.methods, h)
	if err != nil {
		return err
	}
	defer remove()
	for {
		select {
		case <-ctx.Done():
			return nil
		case j := <-h.jobs:
			if err := w.dispatch(ctx, io, j); err != nil {
				return err
			}
		}
	}
}

// dispatch emits or fails one job's message. A message the host's
// journal refused is answered 503 and the trigger goes on.
func (w *webhook) dispatch(ctx context.Context, io registry.IO, j job) error {
	if j.fail != nil {
		return io.Fail(ctx, j.m, j.fail)
	}
	done := func(registry.Outcome) {}
	if j.outcome != nil {
		done = func(o registry.Outcome) { j.outcome <- o }
	}
	err := io.EmitTracked(ctx, "out", j.m, done)
	if j.emitted != nil {
		j.emitted <- err
	}
	if errors.Is(err, registry.ErrNotAccepted) {
		return nil
	}
	return err
}

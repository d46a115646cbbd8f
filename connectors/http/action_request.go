package http

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/retry"
	"github.com/weftworks/weft/engine/spec"
)

// Body types of the HTTP request node.
const (
	bodyAuto = "auto"
	bodyNone = "none"
	bodyJSON = "json"
	bodyForm = "form"
	bodyRaw  = "raw"
)

// Pagination modes.
const (
	pageNone   = "none"
	pageLink   = "link"
	pageCursor = "cursor"
	pageNumber = "page"
)

var _ registry.Node = (*request)(nil)

func requestSpec() spec.Spec {
	return spec.Spec{
		Type: "http.request", Title: "HTTP request", Category: spec.Action, Icon: "globe",
		Description: "Calls an HTTP API for each message and emits the response as " +
			"`{status, headers, body, url}` (JSON, XML, form and text bodies parsed by content type), one message " +
			"per page or per item when paginating. {{path}} templates in the URL, query, headers and raw body take " +
			"values from the payload. Connection errors, 429 and 5xx are retried with exponential backoff and " +
			"jitter, honouring Retry-After. Bad input: a missing template value, a failed credential, an error " +
			"status (after the retries) or a connection that keeps failing goes to the error port with the reason " +
			"and the original message; the next message continues.",
		Inputs:  []spec.Port{{Name: "in"}},
		Outputs: []spec.Port{{Name: "out", Description: "Responses (or items)."}},
		Config:  append(requestFields(), pagingFields()...),
	}
}

func requestFields() []spec.Field {
	raw := &spec.Condition{Field: "bodyType", Equals: []any{bodyRaw}}
	structured := &spec.Condition{Field: "bodyType", Equals: []any{bodyAuto, bodyJSON, bodyForm}}
	return []spec.Field{
		{Name: "method", Title: "Method", Type: spec.String, Default: http.MethodGet,
			Enum: []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}},
		{Name: "url", Title: "URL", Type: spec.String, Required: true,
			Examples:    []any{"https://api.example.com/orders/{{id}}"},
			Description: "May hold {{path}} templates, escaped as path segments; one at the very start inserts a base URL."},
		{Name: "query", Title: "Query", Type: spec.Object, Description: "Parameter → value template."},
		{Name: "headers", Title: "Headers", Type: spec.Object, Description: "Header → value template."},
		{Name: "bodyType", Title: "Body", Type: spec.String, Default: bodyAuto,
			Enum: []string{bodyAuto, bodyNone, bodyJSON, bodyForm, bodyRaw},
			Description: "auto: JSON of the payload for POST, PUT and PATCH, none otherwise. form: the payload's " +
				"fields URL-encoded. raw: the body template."},
		{Name: "bodyPath", Title: "Body from path", Type: spec.String, ShowIf: structured, Advanced: true,
			Description: "Send the value at this payload path instead of the whole payload."},
		{Name: "body", Title: "Raw body", Type: spec.String, ShowIf: raw, Description: "A template."},
		{Name: "contentType", Title: "Content type", Type: spec.String, ShowIf: raw, Default: "text/plain; charset=utf-8"},
		credentialField("A basic, bearer, apikey or oauth2 (client credentials; tokens are cached and refreshed) credential."),
		{Name: "timeoutMs", Title: "Timeout (ms)", Type: spec.Integer, Default: 30000.0, Minimum: ptr(1),
			Description: "Per attempt, reading the response included."},
		{Name: "retries", Title: "Retries", Type: spec.Integer, Default: 3.0, Minimum: ptr(0), Maximum: ptr(10),
			Description: "Extra attempts after a connection error, 429 or 5xx."},
		{Name: "retryDelayMs", Title: "First retry delay (ms)", Type: spec.Integer, Default: 500.0, Minimum: ptr(1),
			Advanced: true, Description: "Doubles with each retry (with jitter), at most 30 s; Retry-After wins (up to 5 min)."},
		{Name: "failOnStatus", Title: "Fail on error status", Type: spec.Boolean, Default: true,
			Description: "Send 4xx and 5xx responses (after the retries) to the error port; off: emit them."},
		{Name: "into", Title: "Response into field", Type: spec.String, Advanced: true,
			Description: "Keep the payload and put the response (or item) under this field; empty replaces the payload."},
	}
}

func pagingFields() []spec.Field {
	cursor := &spec.Condition{Field: "pagination", Equals: []any{pageCursor}}
	number := &spec.Condition{Field: "pagination", Equals: []any{pageNumber}}
	paging := &spec.Condition{Field: "pagination", Equals: []any{pageLink, pageCursor, pageNumber}}
	return []spec.Field{
		{Name: "pagination", Title: "Pagination", Type: spec.String, Default: pageNone,
			Enum: []string{pageNone, pageLink, pageCursor, pageNumber},
			Description: "link: follow the Link header's rel=\"next\". cursor: pass the cursor found in the body. " +
				"page: count pages until one has no items."},
		{Name: "cursorPath", Title: "Cursor path", Type: spec.String, ShowIf: cursor, Required: true, Examples: []any{"meta.next"},
			Description: "Where the next cursor is in the response body; pagination stops when it is empty."},
		{Name: "cursorParam", Title: "Cursor parameter", Type: spec.String, ShowIf: cursor, Default: "cursor"},
		{Name: "pageParam", Title: "Page parameter", Type: spec.String, ShowIf: number, Default: "page"},
		{Name: "firstPage", Title: "First page", Type: spec.Integer, ShowIf: number, Default: 1.0},
		{Name: "maxPages", Title: "Most pages", Type: spec.Integer, ShowIf: paging, Default: 100.0, Minimum: ptr(1)},
		{Name: "itemsPath", Title: "Items path", Type: spec.String, Examples: []any{"data"},
			Description: "Where the items array is in the response body (empty: the body itself)."},
		{Name: "emit", Title: "Emit", Type: spec.String, Default: "page", Enum: []string{"page", "item"},
			Description: "One message per response page, or one per item of the items array."},
	}
}

// request is a running HTTP request node.
type request struct {
	method, bodyType, bodyPath, contentType, credential, into string
	url, body                                                 *Template
	query, headers                                            []namedTemplate
	timeout                                                   time.Duration
	policy                                                    retry.Policy
	failOnStatus, perItem                                     bool
	paging                                                    paging
}

func newRequest(_ flow.Node, raw map[string]any) (registry.Node, error) {
	cfg := newConfig(raw)
	n := &request{
		method: cfg.Text("method"), bodyType: cfg.Text("bodyType"), bodyPath: cfg.Text("bodyPath"),
		contentType: cfg.Text("contentType"), credential: cfg.Text("credential"), into: cfg.Text("into"),
		timeout:      time.Duration(cfg.integer("timeoutMs")) * time.Millisecond,
		failOnStatus: cfg.Bool("failOnStatus"), perItem: cfg.Text("emit") == "item",
		policy: retry.Policy{Attempts: cfg.integer("retries") + 1, Max: 30 * time.Second,
			Initial: time.Duration(cfg.integer("retryDelayMs")) * time.Millisecond},
		paging: paging{mode: cfg.Text("pagination"), cursorPath: cfg.Text("cursorPath"),
			cursorParam: cfg.Text("cursorParam"), pageParam: cfg.Text("pageParam"),
			firstPage: cfg.integer("firstPage"), maxPages: cfg.integer("maxPages"), itemsPath: cfg.Text("itemsPath")},
	}
	if n.bodyType == bodyAuto {
		n.bodyType = bodyNone
		if n.method == http.MethodPost || n.method == http.MethodPut || n.method == http.MethodPatch {
			n.bodyType = bodyJSON
		}
	}
	err := cfg.Err()
	if err != nil {
		return nil, err
	}
	if n.url, err = cfg.template("url"); err != nil {
		return nil, err
	}
	if n.body, err = cfg.template("body"); err != nil {
		return nil, err
	}
	if n.query, err = cfg.templates("query"); err != nil {
		return nil, err
	}
	n.headers, err = cfg.templates("headers")
	return n, err
}

// Run implements registry.Node.
func (n *request) Run(ctx context.Context, io registry.IO) error {
	auth, err := newAuth(ctx, io, n.credential)
	if err != nil {
		return err
	}
	c := &client{http: &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}, auth: auth, n: n}
	defer c.http.CloseIdleConnections()
	for {
		in, ok := io.Receive(ctx)
		if !ok {
			return nil
		}
		if err := n.process(ctx, io, c, in.Msg); err != nil {
			return err
		}
	}
}

// process sends m's request, following pages, and emits what comes back.
// It returns an error only when the run is over.
func (n *request) process(ctx context.Context, io registry.IO, c *client, m *message.Message) error {
	req, err := n.build(m.Payload)
	if err != nil {
		return io.Fail(ctx, m, err)
	}
	req = n.paging.first(req)
	st := &pageState{}
	emitted := 0
	for page := 1; ; page++ {
		res, err := c.send(ctx, req)
		if ctx.Err() != nil {
			return ctx.Err() // the run is over; the message was not at fault
		}
		if err != nil {
			return io.Fail(ctx, m, pageErr(page, err))
		}
		outs, err := n.outputs(m, res, &emitted)
		if err != nil {
			return io.Fail(ctx, m, pageErr(page, err))
		}
		for _, out := range outs {
			if err := io.Emit(ctx, "out", out); err != nil {
				return err
			}
		}
		next, ok := n.paging.next(req, res, page, st)
		if !ok {
			return nil
		}
		req = next
	}
}

func pageErr(page int, err error) error {
	if page == 1 {
		return err
	}
	return fmt.Errorf("page %d: %w", page, err)
}

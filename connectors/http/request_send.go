package http

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/retry"
)

// MaxResponseBytes bounds a response body the HTTP request node reads.
const MaxResponseBytes = 32 << 20

// maxRetryAfter caps how long a Retry-After header makes the node wait.
const maxRetryAfter = 5 * time.Minute

// ErrStatus is wrapped by the failure of a request answered with a 4xx
// or 5xx status.
var ErrStatus = errors.New("error status")

// outgoing is one rendered request.
type outgoing struct {
	method string
	url    *url.URL
	header http.Header
	body   []byte
}

// fetched is a response read whole.
type fetched struct {
	status int
	header http.Header
	body   any
	url    string
	raw    []byte
}

// build renders the request for payload.
func (n *request) build(payload any) (*outgoing, error) {
	raw, err := n.url.RenderURL(payload)
	if err != nil {
		return nil, fmt.Errorf("url: %w", err)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("url %q is not an absolute http(s) URL", raw)
	}
	q := u.Query()
	for _, p := range n.query {
		v, err := p.t.Render(payload, nil)
		if err != nil {
			return nil, fmt.Errorf("query %q: %w", p.name, err)
		}
		q.Set(p.name, v)
	}
	u.RawQuery = q.Encode()
	out := &outgoing{method: n.method, url: u, header: http.Header{}}
	for _, h := range n.headers {
		v, err := h.t.Render(payload, nil)
		if err != nil {
			return nil, fmt.Errorf("header %q: %w", h.name, err)
		}
		out.header.Set(h.name, v)
	}
	if err := n.buildBody(out, payload); err != nil {
		return nil, fmt.Errorf("body: %w", err)
	}
	return out, nil
}

// buildBody sets out's body and content type.
func (n *request) buildBody(out *outgoing, payload any) error {
	contentType := ""
	switch n.bodyType {
	case bodyNone:
		return nil
	case bodyRaw:
		b, err := n.body.Render(payload, nil)
		if err != nil {
			return err
		}
		out.body, contentType = []byte(b), n.contentType
	default:
		v, ok := lookupPath(payload, n.bodyPath)
		if !ok {
			return fmt.Errorf("{{%s}}: %w", n.bodyPath, ErrNoValue)
		}
		var err error
		if out.body, contentType, err = encodeBody(n.bodyType, v); err != nil {
			return err
		}
	}
	if out.header.Get("Content-Type") == "" && contentType != "" {
		out.header.Set("Content-Type", contentType)
	}
	return nil
}

// encodeBody encodes v as JSON or as a form.
func encodeBody(kind string, v any) ([]byte, string, error) {
	if kind == bodyJSON {
		b, err := json.Marshal(v)
		return b, "application/json", err
	}
	keys, ok := jsoncodec.ObjectKeys(v)
	if !ok {
		return nil, "", errors.New("a form body needs an object")
	}
	form := url.Values{}
	for _, k := range keys {
		e, _ := jsoncodec.Lookup(v, k)
		if list, ok := e.([]any); ok {
			for _, x := range list {
				form.Add(k, textOf(x))
			}
			continue
		}
		form.Set(k, textOf(e))
	}
	return []byte(form.Encode()), "application/x-www-form-urlencoded", nil
}

// client sends requests with auth and retries.
type client struct {
	http *http.Client
	auth *auth
	n    *request
}

// send sends req, retrying connection errors, 429 and 5xx, and once
// more with a fresh OAuth2 token after a 401. It returns the last
// response when the retries end on an error status and the node does not
// fail on status.
func (c *client) send(ctx context.Context, req *outgoing) (*fetched, error) {
	last, err := c.attempts(ctx, req)
	if last != nil && last.status == http.StatusUnauthorized && c.auth.renewable() {
		c.auth.renew()
		last, err = c.attempts(ctx, req)
	}
	if err != nil && (last == nil || c.n.failOnStatus || !errors.Is(err, ErrStatus)) {
		return nil, err
	}
	return last, nil
}

// attempts sends req under the retry policy; last is the last response
// received, if any.
func (c *client) attempts(ctx context.Context, req *outgoing) (last *fetched, err error) {
	err = c.n.policy.Do(ctx, func(ctx context.Context, _ int) error {
		res, err := c.once(ctx, req)
		if err != nil {
			return err
		}
		last = res
		switch {
		case res.status == http.StatusTooManyRequests || res.status >= 500:
			return retry.After(statusErr(res), retryAfter(res.header.Get("Retry-After"), time.Now()))
		case res.status >= 400:
			return retry.Permanent(statusErr(res))
		}
		return nil
	})
	return last, err
}

// once makes one attempt.
func (c *client) once(ctx context.Context, req *outgoing) (*fetched, error) {
	ctx, cancel := context.WithTimeout(ctx, c.n.timeout)
	defer cancel()
	hr, err := http.NewRequestWithContext(ctx, req.method, req.url.String(), bytes.NewReader(req.body))
	if err != nil {
		return nil, retry.Permanent(err)
	}
	hr.Header = req.header.Clone()
	if err := c.auth.apply(ctx, c.http, hr); err != nil {
		return nil, err
	}
	resp, err := c.http.Do(hr)
	if ue, ok := errors.AsType[*url.Error](err); ok {
		ue.URL = req.url.String() // without an API key the credential added
	}
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, MaxResponseBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading the response: %w", err)
	}
	if len(raw) > MaxResponseBytes {
		return nil, retry.Permanent(fmt.Errorf("response body larger than %d bytes", MaxResponseBytes))
	}
	res := &fetched{status: resp.StatusCode, header: resp.Header, url: req.url.String(), raw: raw}
	if req.method != http.MethodHead {
		if res.body, err = ParseBody(resp.Header.Get("Content-Type"), raw); err != nil && res.status < 400 {
			return nil, retry.Permanent(fmt.Errorf("response: %w", err))
		}
	}
	if err != nil {
		res.body = string(raw)
	}
	return res, nil
}

// statusErr describes an error response, with the start of its body.
func statusErr(res *fetched) error {
	snippet := strings.TrimSpace(string(res.raw))
	if len(snippet) > 200 {
		snippet = snippet[:200] + "…"
	}
	msg := fmt.Sprintf("HTTP %d %s", res.status, http.StatusText(res.status))
	if snippet != "" {
		msg += ": " + snippet
	}
	return &statusError{msg: msg}
}

// statusError is an error response; it matches ErrStatus.
type statusError struct{ msg string }

func (e *statusError) Error() string        { return e.msg }
func (e *statusError) Is(target error) bool { return target == ErrStatus }

// retryAfter reads a Retry-After header (seconds or an HTTP date), capped
// at maxRetryAfter; 0 when absent or unreadable.
func retryAfter(h string, now time.Time) time.Duration {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0
	}
	var d time.Duration
	if secs, err := strconv.Atoi(h); err == nil {
		d = time.Duration(secs) * time.Second
	} else if t, err := http.ParseTime(h); err == nil {
		d = t.Sub(now)
	}
	return min(max(d, 0), maxRetryAfter)
}

// outputs turns a response into the messages to emit; emitted counts
// the messages m has produced so far.
func (n *request) outputs(m *message.Message, res *fetched, emitted *int) ([]*message.Message, error) {
	values := []any{map[string]any{"status": float64(res.status), "headers": headerObject(res.header),
		"body": res.body, "url": res.url}}
	if n.perItem {
		items, ok := n.paging.items(res.body)
		if !ok {
			return nil, fmt.Errorf("the response body has no items array at %q", n.paging.itemsPath)
		}
		values = items
	}
	out := make([]*message.Message, 0, len(values))
	for _, v := range values {
		payload := v
		if n.into != "" && jsoncodec.IsObject(m.Payload) {
			payload = jsoncodec.WithMember(message.CloneValue(m.Payload), n.into, v)
		}
		next := m.WithPayload(payload)
		if *emitted > 0 {
			next.ID = fmt.Sprintf("%s-%d", m.ID, *emitted)
		}
		*emitted++
		out = append(out, next)
	}
	return out, nil
}

// headerObject lists headers by lower-case name, values joined by ", ".
func headerObject(h http.Header) map[string]any {
	out := make(map[string]any, len(h))
	for k, vs := range h {
		out[strings.ToLower(k)] = strings.Join(vs, ", ")
	}
	return out
}

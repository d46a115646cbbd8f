package http

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
)

// webhookHandler turns requests on one path into jobs for the trigger's
// Run and answers them.
type webhookHandler struct {
	w    *webhook
	gate *gate
	l    *Listener
	ctx  context.Context // the run's
	jobs chan job
}

// ServeHTTP checks auth and the body, hands the message to Run and
// waits for its answer.
func (h *webhookHandler) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	if !h.gate.needsBody() && !h.gate.allows(r, nil) {
		unauthorized(rw)
		return
	}
	body, tooLarge, err := readBody(rw, r, h.w.maxBody)
	if err != nil {
		http.Error(rw, "cannot read the body", http.StatusBadRequest)
		return
	}
	if h.gate.needsBody() {
		// An unverified request reaches nothing, not even the error port.
		switch {
		case tooLarge:
			http.Error(rw, "body too large", http.StatusRequestEntityTooLarge)
			return
		case !h.gate.allows(r, body):
			unauthorized(rw)
			return
		}
	}
	m := h.message(r)
	payload := m.Payload.(map[string]any)
	if tooLarge {
		http.Error(rw, fmt.Sprintf("body larger than %d bytes", h.w.maxBody), http.StatusRequestEntityTooLarge)
		h.report(r, m, fmt.Errorf("webhook body larger than %d bytes (413 sent)", h.w.maxBody))
		return
	}
	parsed, err := ParseBody(r.Header.Get("Content-Type"), body)
	if err != nil {
		payload["body"] = string(body)
		http.Error(rw, err.Error(), http.StatusBadRequest)
		h.report(r, m, fmt.Errorf("webhook: %w (400 sent)", err))
		return
	}
	payload["body"] = parsed
	h.serve(rw, r, m)
}

// serve hands m to Run and writes the answer.
func (h *webhookHandler) serve(rw http.ResponseWriter, r *http.Request, m *message.Message) {
	timer := time.NewTimer(h.w.timeout)
	defer timer.Stop()
	j := job{m: m}
	var responses <-chan Response
	if h.w.respond == respondNode {
		j.outcome = make(chan registry.Outcome, 1)
		var stop func()
		responses, stop = h.l.wait(m.ID)
		defer stop()
	} else {
		j.emitted = make(chan error, 1)
	}
	select {
	case h.jobs <- j:
	case <-timer.C:
		http.Error(rw, "the flow is too busy to take the request", http.StatusServiceUnavailable)
		return
	case <-h.ctx.Done():
		http.Error(rw, "the flow has stopped", http.StatusServiceUnavailable)
		return
	case <-r.Context().Done():
		return
	}
	if j.outcome == nil {
		if h.emitted(rw, r, j.emitted) {
			writeJSON(rw, http.StatusAccepted, map[string]any{"id": m.ID})
		}
		return
	}
	select {
	case resp := <-responses:
		write(rw, resp)
	case o := <-j.outcome:
		select {
		case resp := <-responses:
			write(rw, resp)
		default:
			writeOutcome(rw, o)
		}
	case <-timer.C:
		http.Error(rw, "the flow did not respond in time", http.StatusGatewayTimeout)
	case <-r.Context().Done():
	}
}

// emitted waits for Run to have emitted the request's message (into the
// host's spool, if any, then the flow) and reports whether it did; when it
// did not (not spooled, or the flow stopped) the caller got 503 with the
// reason. Once Run has taken the job there is no timeout: the message may
// already be spooled, so a 503 would make the caller send it twice; a full
// flow holds the request (back-pressure) until the caller gives up.
func (h *webhookHandler) emitted(rw http.ResponseWriter, r *http.Request, emitted <-chan error) bool {
	var err error
	select {
	case err = <-emitted:
	case <-r.Context().Done():
		return false
	}
	if err != nil {
		writeJSON(rw, http.StatusServiceUnavailable, map[string]any{"error": err.Error()})
		return false
	}
	return true
}

// report hands a bad request to Run for the error port, without waiting
// longer than the request's timeout.
func (h *webhookHandler) report(r *http.Request, m *message.Message, err error) {
	timer := time.NewTimer(h.w.timeout)
	defer timer.Stop()
	select {
	case h.jobs <- job{m: m, fail: err}:
	case <-timer.C:
	case <-h.ctx.Done():
	case <-r.Context().Done():
	}
}

// message builds the request's message, without its body.
func (h *webhookHandler) message(r *http.Request) *message.Message {
	hideHeader, hideQuery := h.gate.hidden()
	headers := map[string]any{}
	for name, vs := range r.Header {
		name = strings.ToLower(name)
		if name != "authorization" && name != hideHeader {
			headers[name] = strings.Join(vs, ", ")
		}
	}
	q := r.URL.Query()
	if hideQuery != "" {
		q.Del(hideQuery)
	}
	m := message.New(map[string]any{
		"method": r.Method, "path": r.URL.Path, "query": valuesObject(q), "headers": headers,
	})
	m.Meta = map[string]string{MetaRequestID: m.ID, MetaMethod: r.Method, MetaPath: r.URL.Path}
	return m
}

// readBody reads at most limit bytes; tooLarge reports a longer body.
func readBody(rw http.ResponseWriter, r *http.Request, limit int64) (body []byte, tooLarge bool, err error) {
	body, err = io.ReadAll(http.MaxBytesReader(rw, r.Body, limit))
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return nil, true, nil
	}
	return body, false, err
}

func unauthorized(rw http.ResponseWriter) {
	http.Error(rw, "unauthorized", http.StatusUnauthorized)
}

// writeOutcome answers a request whose flow ended without a response.
func writeOutcome(rw http.ResponseWriter, o registry.Outcome) {
	switch {
	case errors.Is(o.Err, registry.ErrNotAccepted):
		writeJSON(rw, http.StatusServiceUnavailable, map[string]any{"error": o.Err.Error()})
	case o.Status == registry.OutcomeSucceeded:
		rw.WriteHeader(http.StatusNoContent)
	case o.Status == registry.OutcomeFailed:
		writeJSON(rw, http.StatusInternalServerError, map[string]any{"error": "the flow failed", "node": o.Node})
	default:
		writeJSON(rw, http.StatusServiceUnavailable, map[string]any{"error": "the flow was cancelled"})
	}
}

func write(rw http.ResponseWriter, resp Response) {
	for k, vs := range resp.Header {
		rw.Header()[k] = vs
	}
	rw.WriteHeader(resp.Status)
	_, _ = rw.Write(resp.Body)
}

func writeJSON(rw http.ResponseWriter, status int, v any) {
	b, _ := json.Marshal(v)
	rw.Header().Set("Content-Type", "application/json")
	rw.WriteHeader(status)
	_, _ = rw.Write(append(b, '\n'))
}

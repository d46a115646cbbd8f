package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/weftworks/weft/engine/spool"
)

// deadLetterStore is what weft deadletters works on: the spool file
// itself, or a running weft's dead-letter endpoints (--server).
type deadLetterStore interface {
	ListDeadLetters(scope string) ([]spool.DeadLetter, error)
	DeadLetter(id string) (spool.DeadLetter, error)
	Replay(ids ...string) error
	Purge(ids ...string) error
	Close() error
}

var _ deadLetterStore = (*spool.Spool)(nil)

// idsRequest is the body of POST /deadletters/replay and /purge.
type idsRequest struct {
	IDs []string `json:"ids"`
}

// mountDeadLetters serves the spool's dead letters on mux, for
// `weft deadletters --server`: GET /deadletters[?flow=SCOPE],
// GET /deadletters/{id}, POST /deadletters/replay and /purge with
// {"ids": [...]}. Replayed messages are delivered at once by the running
// flows.
//
// Requests must name a loopback host (no DNS rebinding from a web page)
// and POSTs must carry Content-Type application/json (no form posts from
// another site).
func mountDeadLetters(mux *http.ServeMux, sp *spool.Spool) {
	handle := func(pattern string, h http.HandlerFunc) { mux.Handle(pattern, localOnly(h)) }
	handle("GET /deadletters", func(w http.ResponseWriter, r *http.Request) {
		list, err := sp.ListDeadLetters(r.URL.Query().Get("flow"))
		if list == nil {
			list = []spool.DeadLetter{}
		}
		replyJSON(w, list, err)
	})
	handle("GET /deadletters/{id}", func(w http.ResponseWriter, r *http.Request) {
		d, err := sp.DeadLetter(r.PathValue("id"))
		replyJSON(w, d, err)
	})
	for verb, change := range map[string]func(...string) error{"replay": sp.Replay, "purge": sp.Purge} {
		handle("POST /deadletters/"+verb, func(w http.ResponseWriter, r *http.Request) {
			var req idsRequest
			if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&req); err != nil || len(req.IDs) == 0 {
				http.Error(w, `the body must be {"ids": ["…"]}`, http.StatusBadRequest)
				return
			}
			replyJSON(w, map[string]int{verb + "ed": len(req.IDs)}, change(req.IDs...))
		})
	}
}

// localOnly refuses requests whose Host is not a loopback name or address,
// and POSTs that are not JSON.
func localOnly(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.Host
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		ip := net.ParseIP(strings.Trim(host, "[]"))
		if host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			http.Error(w, "dead letters are served to loopback hosts only", http.StatusForbidden)
			return
		}
		if r.Method == http.MethodPost && !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
			http.Error(w, "send Content-Type: application/json", http.StatusUnsupportedMediaType)
			return
		}
		h.ServeHTTP(w, r)
	})
}

func replyJSON(w http.ResponseWriter, v any, err error) {
	switch {
	case errors.Is(err, spool.ErrNotFound):
		http.Error(w, err.Error(), http.StatusNotFound)
	case err != nil:
		http.Error(w, err.Error(), http.StatusInternalServerError)
	default:
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(v)
	}
}

// loopback reports whether addr listens on a loopback address only: the
// dead-letter endpoints change data and are served there alone.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// remoteDeadLetters is a running weft's dead letters over HTTP.
type remoteDeadLetters struct {
	base   string
	client *http.Client
}

func newRemoteDeadLetters(base string) *remoteDeadLetters {
	return &remoteDeadLetters{base: strings.TrimSuffix(base, "/"), client: &http.Client{Timeout: 30 * time.Second}}
}

func (r *remoteDeadLetters) ListDeadLetters(scope string) ([]spool.DeadLetter, error) {
	var list []spool.DeadLetter
	err := r.do(http.MethodGet, "/deadletters?flow="+url.QueryEscape(scope), nil, &list)
	return list, err
}

func (r *remoteDeadLetters) DeadLetter(id string) (spool.DeadLetter, error) {
	var d spool.DeadLetter
	err := r.do(http.MethodGet, "/deadletters/"+url.PathEscape(id), nil, &d)
	return d, err
}

func (r *remoteDeadLetters) Replay(ids ...string) error {
	return r.do(http.MethodPost, "/deadletters/replay", idsRequest{IDs: ids}, nil)
}

func (r *remoteDeadLetters) Purge(ids ...string) error {
	return r.do(http.MethodPost, "/deadletters/purge", idsRequest{IDs: ids}, nil)
}

func (r *remoteDeadLetters) Close() error { return nil }

// do sends one request; a 404 wraps spool.ErrNotFound.
func (r *remoteDeadLetters) do(method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, r.base+path, rd)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return fmt.Errorf("--server: %w", err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	switch {
	case resp.StatusCode == http.StatusNotFound && bytes.Contains(data, []byte(spool.ErrNotFound.Error())):
		return fmt.Errorf("%w (%s)", spool.ErrNotFound, strings.TrimSpace(string(data)))
	case resp.StatusCode != http.StatusOK:
		return fmt.Errorf("--server %s: %s: %s", r.base, resp.Status, strings.TrimSpace(string(data)))
	case out != nil:
		return json.Unmarshal(data, out)
	}
	return nil
}

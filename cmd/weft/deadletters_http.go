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
func mountDeadLetters(mux *http.ServeMux, sp *spool.Spool) {
	mux.HandleFunc("GET /deadletters", func(w http.ResponseWriter, r *http.Request) {
		list, err := sp.ListDeadLetters(r.URL.Query().Get("flow"))
		if list == nil {
			list = []spool.DeadLetter{}
		}
		replyJSON(w, list, err)
	})
	mux.HandleFunc("GET /deadletters/{id}", func(w http.ResponseWriter, r *http.Request) {
		d, err := sp.DeadLetter(r.PathValue("id"))
		replyJSON(w, d, err)
	})
	for verb, change := range map[string]func(...string) error{"replay": sp.Replay, "purge": sp.Purge} {
		mux.HandleFunc("POST /deadletters/"+verb, func(w http.ResponseWriter, r *http.Request) {
			var req idsRequest
			if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&req); err != nil || len(req.IDs) == 0 {
				http.Error(w, `the body must be {"ids": ["…"]}`, http.StatusBadRequest)
				return
			}
			replyJSON(w, map[string]int{verb + "ed": len(req.IDs)}, change(req.IDs...))
		})
	}
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

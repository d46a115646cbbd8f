package runner

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"

	"github.com/weftworks/weft/engine/spool"
)

// DeadLetters is what weft deadletters works on: the spool file itself,
// or a running weft's dead-letter endpoints (Remote).
type DeadLetters interface {
	ListDeadLetters(scope string) ([]spool.DeadLetter, error)
	DeadLetter(id string) (spool.DeadLetter, error)
	Replay(ids ...string) error
	Purge(ids ...string) error
	Close() error
}

var (
	_ DeadLetters = (*spool.Spool)(nil)
	_ DeadLetters = (*Remote)(nil)
)

// OpenDeadLetters reaches the dead letters of a running weft at server
// when given, else opens the spool file at path (DefaultSpoolPath when
// empty), saying clearly when a running weft holds it.
func OpenDeadLetters(path, server string) (DeadLetters, error) {
	if server != "" {
		return NewRemote(server), nil
	}
	if path == "" {
		var err error
		if path, err = DefaultSpoolPath(); err != nil {
			return nil, err
		}
	}
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("no spool at %s (weft run keeps one for flows with webhook, file or queue triggers): %v", path, err)
	}
	sp, err := spool.Open(path)
	if errors.Is(err, spool.ErrLocked) {
		return nil, fmt.Errorf("spool %s is held by a running weft: reach it with "+
			"--server URL (its ops address), or stop it and work on the file", path)
	}
	return sp, err
}

// idsRequest is the body of POST /deadletters/replay and /purge.
type idsRequest struct {
	IDs []string `json:"ids"`
}

// MountDeadLetters serves the spool's dead letters on mux, for
// `weft deadletters --server`: GET /deadletters[?flow=SCOPE],
// GET /deadletters/{id}, POST /deadletters/replay and /purge with
// {"ids": [...]}. Replayed messages are delivered at once by the running
// flows.
//
// Requests must name a loopback host (no DNS rebinding from a web page)
// and POSTs must carry Content-Type application/json (no form posts from
// another site).
func MountDeadLetters(mux *http.ServeMux, sp DeadLetters) {
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
	changes := map[string]func(...string) error{
		"replay": func(ids ...string) error { return sp.Replay(ids...) },
		"purge":  func(ids ...string) error { return sp.Purge(ids...) },
	}
	for verb, change := range changes {
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

// Loopback reports whether addr listens on a loopback address only: the
// dead-letter endpoints change data and are served there alone.
func Loopback(addr string) bool {
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

package httpapi

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/weftworks/weft/app"
)

// maxBody bounds a request body.
const maxBody = 8 << 20

// Options configures the handler.
type Options struct {
	// Token, when set, is required on every API call.
	Token string
	// Assets is the built frontend; nil serves no pages.
	Assets fs.FS
	// Logger receives one line per failed call; nil discards.
	Logger *slog.Logger
}

// Handler serves a service's methods, its events and the frontend.
type Handler struct {
	methods map[string]method
	hub     *app.Hub
	opts    Options
	mux     *http.ServeMux
	// root serves every request: mux, behind CSRF protection in team mode.
	root http.Handler
	team *teamMode
}

// New returns a handler for svc, whose events come from hub.
func New(svc any, hub *app.Hub, opts Options) *Handler {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	h := &Handler{methods: methods(svc), hub: hub, opts: opts, mux: http.NewServeMux()}
	h.root = h.mux
	h.mux.HandleFunc("POST /api/{method}", h.authorized(h.serveCall))
	h.mux.HandleFunc("GET /api/events", h.authorized(h.serveEvents))
	if opts.Assets != nil {
		h.mux.Handle("GET /", spa(opts.Assets))
	}
	return h
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.root.ServeHTTP(w, r)
}

func (h *Handler) authorized(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if h.opts.Token != "" && !validToken(r, h.opts.Token) {
			writeError(w, http.StatusUnauthorized, "a valid token is required")
			return
		}
		next(w, r)
	}
}

func validToken(r *http.Request, token string) bool {
	got := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	if got == "" {
		got = r.URL.Query().Get("token")
	}
	return subtle.ConstantTimeCompare([]byte(got), []byte(token)) == 1
}

func (h *Handler) serveCall(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("method")
	m, ok := h.methods[name]
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no API method %q", name))
		return
	}
	h.invoke(w, r, name, m)
}

// invoke reads the arguments of m from r's body, calls it and writes its
// result or error.
func (h *Handler) invoke(w http.ResponseWriter, r *http.Request, name string, m method) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil || len(body) > maxBody {
		writeError(w, http.StatusRequestEntityTooLarge, "request body too large or unreadable")
		return
	}
	result, err := h.safeCall(m, body)
	if err != nil {
		h.opts.Logger.Info("api call failed", "method", name, "error", err)
		writeError(w, status(err), err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(result)
}

// safeCall turns a panic in a method into an error, so no panic reaches a
// user.
func (h *Handler) safeCall(m method, body []byte) (result any, err error) {
	defer func() {
		if p := recover(); p != nil {
			h.opts.Logger.Error("api call panicked", "panic", p)
			err = fmt.Errorf("internal error: %v", p)
		}
	}()
	return m.call(body)
}

func (h *Handler) serveEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		writeError(w, http.StatusInternalServerError, "streaming unsupported")
		return
	}
	events, stop := h.hub.Subscribe()
	defer stop()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	fmt.Fprint(w, ": connected\n\n")
	flusher.Flush()
	ping := time.NewTicker(15 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-ping.C:
			fmt.Fprint(w, ": ping\n\n")
		case e, ok := <-events:
			if !ok {
				return
			}
			data, err := json.Marshal(e.Data)
			if err != nil {
				continue
			}
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.Name, data)
		}
		flusher.Flush()
	}
}

func writeError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": msg})
}

// spa serves files from assets and index.html for every other path, so a
// reload on a client-side route still loads the app. Files under assets/
// are named by their content hash (Vite), so the browser keeps them for
// good and a second start loads no script (and reuses its compiled code);
// index.html, which names them, is asked for every time.
func spa(assets fs.FS) http.Handler {
	files := http.FileServerFS(assets)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path := strings.TrimPrefix(r.URL.Path, "/")
		if path != "" {
			if _, err := fs.Stat(assets, path); err == nil {
				if strings.HasPrefix(path, "assets/") {
					w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
				}
				files.ServeHTTP(w, r)
				return
			}
		}
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeFileFS(w, r, assets, "index.html")
	})
}

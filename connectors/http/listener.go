package http

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/weftworks/weft/engine/registry"
)

// ErrDuplicatePath is returned by Listener.Handle when another webhook
// already listens on the path.
var ErrDuplicatePath = errors.New("another webhook already listens on this path")

// ErrBadPath is returned by Listener.Handle for a path that does not start
// with "/".
var ErrBadPath = errors.New("a webhook path must start with /")

// ErrNotWaiting is returned by Listener.Respond when no request with the id
// is waiting for a response: it was answered already, timed out, or the
// client went away.
var ErrNotWaiting = errors.New("no request is waiting for this response (answered already, timed out, or the client left)")

// ListenerKey is the service under which a host provides its Listener to
// runs. Without it, webhook triggers and HTTP response nodes fail their
// run with a hint.
var ListenerKey = registry.NewKey[*Listener]("weft.http.listener")

// Listener is the host's HTTP entry point for webhooks: an http.Handler
// on which running webhook triggers register a path and its methods, and
// through which HTTP response nodes answer waiting requests. One Listener
// serves every run of a host; it is safe for concurrent use.
type Listener struct {
	mu      sync.Mutex
	routes  map[string]route
	waiting map[string]chan Response
}

type route struct {
	methods []string
	h       http.Handler
}

// Response is what an HTTP response node sends back to a waiting request.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// NewListener returns a Listener with no routes.
func NewListener() *Listener {
	return &Listener{routes: map[string]route{}, waiting: map[string]chan Response{}}
}

var _ http.Handler = (*Listener)(nil)

// Handle routes requests for path (matched exactly, ignoring a trailing
// slash) with one of methods (any method when empty) to h until remove
// is called. A path someone else holds gives ErrDuplicatePath.
func (l *Listener) Handle(path string, methods []string, h http.Handler) (remove func(), err error) {
	if !strings.HasPrefix(path, "/") {
		return nil, fmt.Errorf("%w: %q", ErrBadPath, path)
	}
	key := routeKey(path)
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.routes[key]; ok {
		return nil, fmt.Errorf("path %q: %w", path, ErrDuplicatePath)
	}
	ms := make([]string, len(methods))
	for i, m := range methods {
		ms[i] = strings.ToUpper(m)
	}
	l.routes[key] = route{methods: ms, h: h}
	var once sync.Once
	return func() {
		once.Do(func() {
			l.mu.Lock()
			delete(l.routes, key)
			l.mu.Unlock()
		})
	}, nil
}

// Paths lists the paths webhooks listen on, sorted.
func (l *Listener) Paths() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]string, 0, len(l.routes))
	for p := range l.routes {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// ServeHTTP implements http.Handler: 404 for a path no webhook listens
// on, 405 (with Allow) for a method it does not accept.
func (l *Listener) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	l.mu.Lock()
	rt, ok := l.routes[routeKey(r.URL.Path)]
	l.mu.Unlock()
	if !ok {
		http.Error(w, "no webhook listens on "+r.URL.Path, http.StatusNotFound)
		return
	}
	if len(rt.methods) > 0 && !slices.Contains(rt.methods, r.Method) {
		w.Header().Set("Allow", strings.Join(rt.methods, ", "))
		http.Error(w, "method "+r.Method+" not allowed", http.StatusMethodNotAllowed)
		return
	}
	rt.h.ServeHTTP(w, r)
}

// wait registers request id as waiting for a response; the channel
// receives at most one. Call the returned function when done waiting.
func (l *Listener) wait(id string) (<-chan Response, func()) {
	ch := make(chan Response, 1)
	l.mu.Lock()
	l.waiting[id] = ch
	l.mu.Unlock()
	return ch, func() {
		l.mu.Lock()
		delete(l.waiting, id)
		l.mu.Unlock()
	}
}

// Respond hands r to the request with id, at most once; ErrNotWaiting
// when it no longer waits.
func (l *Listener) Respond(id string, r Response) error {
	l.mu.Lock()
	ch, ok := l.waiting[id]
	delete(l.waiting, id)
	l.mu.Unlock()
	if !ok {
		return ErrNotWaiting
	}
	ch <- r
	return nil
}

func routeKey(path string) string {
	if len(path) > 1 {
		return strings.TrimSuffix(path, "/")
	}
	return path
}

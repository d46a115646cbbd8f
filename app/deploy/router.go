package deploy

import (
	"net/http"
	"strings"
)

// Handler routes each webhook request to the version currently serving
// its path: 404 when no bundle serves it (503 once the Deployer stops). A request that reaches a version
// as it starts closing is routed again, to the version that replaced it.
func (d *Deployer) Handler() http.Handler {
	return http.HandlerFunc(d.serveHTTP)
}

func (d *Deployer) serveHTTP(w http.ResponseWriter, r *http.Request) {
	key := routeKey(r.URL.Path)
	for {
		v := (*d.routes.Load())[key]
		switch {
		case v == nil && d.stopping.Load():
			http.Error(w, "weft is stopping", http.StatusServiceUnavailable)
			return
		case v == nil:
			http.Error(w, "no bundle serves "+r.URL.Path, http.StatusNotFound)
			return
		}
		if v.enter() {
			defer v.leave()
			v.listener.ServeHTTP(w, r)
			return
		}
		// v closed after the route was read: the table has moved on.
	}
}

// routeKey is the webhook listener's path key: a trailing slash is
// ignored.
func routeKey(path string) string {
	if len(path) > 1 {
		return strings.TrimSuffix(path, "/")
	}
	return path
}

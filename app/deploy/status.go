package deploy

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// Bundle states in Status.
const (
	StateStarting  = "starting"  // loaded and validated, waiting for its triggers
	StateRunning   = "running"   // serving
	StateDraining  = "draining"  // replaced or removed, finishing what it took
	StateCompleted = "completed" // every flow of the bundle ran to its end
	StateFailed    = "failed"    // a flow ended with a failure after start-up
	StateRefused   = "refused"   // never served: it failed to load, validate or start
	// StateRestarting is a flow's status while its failed run waits to
	// be started again.
	StateRestarting = "restarting"
)

// Status is what GET /status answers: every bundle file the Deployer knows.
type Status struct {
	Dir     string         `json:"dir"`
	Bundles []BundleStatus `json:"bundles"`
}

// BundleStatus is one bundle file: the version serving it, if any, and the
// last version refused for it.
type BundleStatus struct {
	File    string         `json:"file"`
	Current *VersionStatus `json:"current,omitempty"`
	// Draining are earlier versions still finishing their work.
	Draining []VersionStatus `json:"draining,omitempty"`
	// Refused is the last version of this file that was refused, when it
	// came after the current one.
	Refused *Refusal `json:"refused,omitempty"`
}

// VersionStatus is one loaded version of a bundle.
type VersionStatus struct {
	Name    string       `json:"name"`
	Version string       `json:"version"`
	SHA256  string       `json:"sha256"`
	State   string       `json:"state"`
	Since   int64        `json:"since"` // Unix ms of the last state change
	Paths   []string     `json:"paths,omitempty"`
	Flows   []FlowStatus `json:"flows"`
}

// FlowStatus is one flow of a version and the state of its run.
type FlowStatus struct {
	ID     string `json:"id"`
	Name   string `json:"name,omitempty"`
	RunID  string `json:"runId,omitempty"`
	Status string `json:"status"` // the runtime's run status, "starting" or "restarting"
	Error  string `json:"error,omitempty"`
	// Restarts counts the runs of the flow that failed while the version
	// served and were started again.
	Restarts int `json:"restarts,omitempty"`
}

// Refusal says why a version of a file was not served.
type Refusal struct {
	Name    string `json:"name,omitempty"`
	Version string `json:"version,omitempty"`
	SHA256  string `json:"sha256"`
	Error   string `json:"error"`
	At      int64  `json:"at"` // Unix ms
}

// Status lists every bundle file, sorted by file name.
func (d *Deployer) Status() Status {
	d.mu.Lock()
	defer d.mu.Unlock()
	st := Status{Dir: d.cfg.Dir, Bundles: []BundleStatus{}}
	for _, dep := range d.deps {
		bs := BundleStatus{File: dep.file, Refused: dep.refused}
		if dep.current != nil {
			vs := dep.current.status()
			bs.Current = &vs
		}
		for _, v := range dep.draining {
			bs.Draining = append(bs.Draining, v.status())
		}
		st.Bundles = append(st.Bundles, bs)
	}
	slices.SortFunc(st.Bundles, func(a, b BundleStatus) int { return strings.Compare(a.File, b.File) })
	return st
}

// StatusHandler serves Status as JSON.
func (d *Deployer) StatusHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		b, _ := json.MarshalIndent(d.Status(), "", "  ")
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(append(b, '\n'))
	})
}

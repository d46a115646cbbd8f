package deploy

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/weftworks/weft/engine/bundle"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
)

// Defaults for Config fields left zero.
const (
	DefaultStartTimeout = 10 * time.Second
	DefaultSettle       = 200 * time.Millisecond
	DefaultStartGrace   = 250 * time.Millisecond
	DefaultRestart      = time.Second
	MaxRestartBackoff   = time.Minute
)

// Ext is the file extension of the bundles a Deployer serves.
const Ext = ".weft"

// ErrNotScanned is the readiness reason before the first scan of the
// folder has finished.
var ErrNotScanned = errors.New("the bundle folder has not been scanned yet")

// Config is what a Deployer needs from its host.
type Config struct {
	// Dir is the folder of .weft files to serve.
	Dir string
	// Registry builds the nodes of every flow.
	Registry *registry.Registry
	// Verify checks a bundle read from file before it may run (its
	// signature, its credentials); nil accepts every readable bundle.
	Verify func(file string, b *bundle.Bundle) error
	// Services returns the host services of one run; scope is
	// "bundle-name/flow-id". The Deployer adds the version's listener.
	Services func(scope string) registry.Services
	// Options returns the options of one run of f (OnUpdate, OnDebug,
	// Journal, …); the Deployer sets Services, Drain and IsolateFailures.
	Options func(scope string, f *flow.Flow) runtime.Options
	// Drain is how long a replaced or removed version may take to finish
	// the requests it took, and then its runs their in-flight work.
	Drain time.Duration
	// StartTimeout bounds how long a new version may take to listen.
	StartTimeout time.Duration
	// StartGrace is how long a new version's runs must then keep running
	// before it serves: a run failing within it refuses the version.
	StartGrace time.Duration
	// Settle is how long a file must be left alone before it is read.
	Settle time.Duration
	// RestartBackoff is the first wait before a serving flow whose run
	// failed is started again; it doubles up to MaxRestartBackoff, and a
	// run that lasted longer than that starts over from here.
	RestartBackoff time.Duration
	// Log receives a line for every deploy, swap, refusal and stop.
	Log *slog.Logger
	// Reserved are paths the host serves itself on the webhook address
	// (its ops endpoints); a webhook on one of them, or below it, is
	// refused.
	Reserved []string
}

// Deployer serves the bundles of a folder (see the package comment).
type Deployer struct {
	cfg      Config
	routes   atomic.Pointer[map[string]*version]
	scanned  atomic.Bool
	stopping atomic.Bool
	ops      sync.Mutex // serialises apply: one deploy at a time

	mu   sync.Mutex // guards deps and the deployments in it
	deps map[string]*deployment
	wg   sync.WaitGroup // drains in progress
}

// deployment is one bundle file: the version serving it, and earlier
// versions still draining.
type deployment struct {
	file     string
	current  *version
	draining []*version
	refused  *Refusal
}

// New returns a Deployer for cfg; Run starts it.
func New(cfg Config) *Deployer {
	if cfg.StartTimeout <= 0 {
		cfg.StartTimeout = DefaultStartTimeout
	}
	if cfg.Settle <= 0 {
		cfg.Settle = DefaultSettle
	}
	if cfg.StartGrace <= 0 {
		cfg.StartGrace = DefaultStartGrace
	}
	if cfg.RestartBackoff <= 0 {
		cfg.RestartBackoff = DefaultRestart
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	d := &Deployer{cfg: cfg, deps: map[string]*deployment{}}
	d.routes.Store(&map[string]*version{})
	return d
}

// Run serves every bundle in the folder, then follows its changes until
// ctx ends; then it stops every version, letting each drain, and returns.
func (d *Deployer) Run(ctx context.Context) error {
	w, err := newWatcher(d.cfg.Dir, d.cfg.Settle)
	if err != nil {
		return err
	}
	defer w.close()
	if err := d.scan(); err != nil {
		return err
	}
	d.scanned.Store(true)
	w.run(ctx, d.apply, func(err error) { d.cfg.Log.Warn("watching the bundle folder", "dir", d.cfg.Dir, "error", err.Error()) })
	d.stopAll()
	return nil
}

// Ready is nil once the first scan of the folder is done.
func (d *Deployer) Ready() error {
	if !d.scanned.Load() {
		return ErrNotScanned
	}
	return nil
}

// scan applies every bundle file in the folder, in name order.
func (d *Deployer) scan() error {
	entries, err := os.ReadDir(d.cfg.Dir)
	if err != nil {
		return fmt.Errorf("bundle folder: %w", err)
	}
	for _, e := range entries {
		if !e.IsDir() && isBundleName(e.Name()) {
			d.apply(e.Name())
		}
	}
	return nil
}

func isBundleName(name string) bool {
	return strings.HasSuffix(name, Ext) && !strings.HasPrefix(name, ".")
}

// apply brings one file's deployment in line with the folder: start a new
// bundle, swap in a changed one, stop a removed one.
func (d *Deployer) apply(file string) {
	d.ops.Lock()
	defer d.ops.Unlock()
	data, err := os.ReadFile(filepath.Join(d.cfg.Dir, file))
	if errors.Is(err, os.ErrNotExist) {
		d.remove(file)
		return
	}
	if err != nil {
		d.refuse(&version{file: file}, err)
		return
	}
	if d.unchanged(file, data) {
		return
	}
	v, err := load(file, data, d.cfg)
	if err == nil {
		err = d.checkConflicts(file, v)
	}
	if err != nil {
		d.refuse(v, err)
		return
	}
	old := d.current(file)
	handed := handOver(old, v)
	v.start(d.cfg)
	if err := v.waitReady(d.cfg.StartTimeout, d.cfg.StartGrace); err != nil {
		v.stop(0)
		if handed {
			if rerr := old.restartFlows(d.cfg); rerr != nil {
				err = fmt.Errorf("%w; restarting the previous version's flows also failed: %w", err, rerr)
			}
		}
		d.refuse(v, err)
		return
	}
	d.promote(v)
}

// current is the version serving file, or nil.
func (d *Deployer) current(file string) *version {
	d.mu.Lock()
	defer d.mu.Unlock()
	if dep := d.deps[file]; dep != nil {
		return dep.current
	}
	return nil
}

// handOver stops, in old, each exclusive flow that v runs too, so that the
// two versions never watch the same folder or consume the same queue at
// once; it reports whether it stopped any.
func handOver(old, v *version) bool {
	if old == nil {
		return false
	}
	handed := false
	for i, f := range v.b.Flows {
		if v.exclusive[i] && old.stopFlow(f.ID) {
			handed = true
		}
	}
	return handed
}

// unchanged reports whether data is what the file's current or last
// refused version already was.
func (d *Deployer) unchanged(file string, data []byte) bool {
	sha := shaOf(data)
	d.mu.Lock()
	defer d.mu.Unlock()
	dep := d.deps[file]
	if dep == nil {
		return false
	}
	return dep.current != nil && dep.current.sha == sha ||
		dep.refused != nil && dep.refused.SHA256 == sha
}

// checkConflicts refuses a version claiming a webhook path or a bundle
// name (which scopes spool entries and dedupe windows) that another
// bundle file serves.
func (d *Deployer) checkConflicts(file string, v *version) error {
	routes := *d.routes.Load()
	for _, p := range v.paths {
		for _, r := range d.cfg.Reserved {
			if p == r || strings.HasPrefix(p, r+"/") {
				return fmt.Errorf("webhook path %s is reserved: weft serves %s there", p, r)
			}
		}
		if other, ok := routes[p]; ok && other.file != file {
			return fmt.Errorf("webhook path %s is already served by %s (%s)", p, other.file, other.b.Manifest.Name)
		}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, dep := range d.deps {
		if dep.file != file && dep.current != nil && dep.current.b.Manifest.Name == v.b.Manifest.Name {
			return fmt.Errorf("bundle %q is already served by %s", v.b.Manifest.Name, dep.file)
		}
	}
	return nil
}

// promote makes v its file's current version, switches the routes to it
// and drains the version it replaces.
func (d *Deployer) promote(v *version) {
	d.mu.Lock()
	dep := d.deps[v.file]
	if dep == nil {
		dep = &deployment{file: v.file}
		d.deps[v.file] = dep
	}
	old := dep.current
	dep.current, dep.refused = v, nil
	d.publishLocked()
	d.mu.Unlock()
	m := v.b.Manifest
	if old == nil {
		d.cfg.Log.Info("bundle deployed", "file", v.file, "bundle", m.Name, "version", m.Version, "paths", v.paths)
		return
	}
	d.cfg.Log.Info("bundle swapped", "file", v.file, "bundle", m.Name, "version", m.Version,
		"previous", old.b.Manifest.Version)
	d.drain(dep, old)
}

// remove drains and stops a deleted file's version.
func (d *Deployer) remove(file string) {
	d.mu.Lock()
	dep := d.deps[file]
	if dep == nil {
		d.mu.Unlock()
		return
	}
	old := dep.current
	dep.current, dep.refused = nil, nil
	d.publishLocked()
	d.mu.Unlock()
	if old != nil {
		d.cfg.Log.Info("bundle removed: draining", "file", file, "bundle", old.b.Manifest.Name,
			"version", old.b.Manifest.Version)
		d.drain(dep, old)
	}
}

// drain stops old in the background, keeping it in the status meanwhile.
func (d *Deployer) drain(dep *deployment, old *version) {
	d.mu.Lock()
	dep.draining = append(dep.draining, old)
	d.mu.Unlock()
	d.wg.Go(func() {
		old.stop(d.cfg.Drain)
		d.mu.Lock()
		dep.draining = slices.DeleteFunc(dep.draining, func(x *version) bool { return x == old })
		if dep.current == nil && len(dep.draining) == 0 && dep.refused == nil {
			delete(d.deps, dep.file)
		}
		d.mu.Unlock()
		d.cfg.Log.Info("bundle version stopped", "file", dep.file, "bundle", old.b.Manifest.Name,
			"version", old.b.Manifest.Version)
	})
}

// refuse records and logs why v was not served; the current version, if
// any, keeps serving.
func (d *Deployer) refuse(v *version, err error) {
	r := &Refusal{SHA256: v.sha, Error: err.Error(), At: nowMs()}
	if v.b != nil {
		r.Name, r.Version = v.b.Manifest.Name, v.b.Manifest.Version
	}
	d.mu.Lock()
	dep := d.deps[v.file]
	if dep == nil {
		dep = &deployment{file: v.file}
		d.deps[v.file] = dep
	}
	dep.refused = r
	serving := dep.current != nil
	d.mu.Unlock()
	d.cfg.Log.Error("bundle refused", "file", v.file, "bundle", r.Name, "version", r.Version,
		"error", r.Error, "previous_version_keeps_serving", serving)
}

// publishLocked rebuilds the route table from the current versions.
func (d *Deployer) publishLocked() {
	routes := map[string]*version{}
	for _, dep := range d.deps {
		if dep.current == nil {
			continue
		}
		for _, p := range dep.current.paths {
			routes[p] = dep.current
		}
	}
	d.routes.Store(&routes)
}

// stopAll stops every version, draining them together.
func (d *Deployer) stopAll() {
	d.stopping.Store(true)
	d.ops.Lock()
	defer d.ops.Unlock()
	d.mu.Lock()
	files := make([]string, 0, len(d.deps))
	for f := range d.deps {
		files = append(files, f)
	}
	d.mu.Unlock()
	for _, f := range files {
		d.remove(f)
	}
	d.wg.Wait()
}

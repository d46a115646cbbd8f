package file

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

var _ registry.Node = (*watchNode)(nil)

func watchSpec() spec.Spec {
	minPoll, minSettle := 10.0, 0.0
	moved := &spec.Condition{Field: "move", Equals: []any{true}}
	return spec.Spec{
		Type:     "file.watch",
		Title:    "Folder watch",
		Category: spec.Trigger,
		// Not spooled: the file stays in the folder until its work ends
		// (then processed/ or failed/), and the next start offers it again.
		Trigger: &spec.TriggerTraits{Kind: spec.TriggerSource},
		Icon:    "folder-search",
		Description: "Emits one message per new or changed file in a folder whose name matches Pattern (told by " +
			"fsnotify, with a periodic scan as the fallback), once the " +
			"file has stopped growing (its size and time unchanged for Settle time). When the work the message started " +
			"has ended, the file is moved to processed/ (succeeded) or failed/ (a node failed on it); when the run was " +
			"cancelled first, the file stays and is picked up at the next start, as is every file that arrived while " +
			"the flow was not running. Names starting with \".\" (temporary files) are ignored. The payload is " +
			"{path, name, size, modTime (Unix ms)}; feed it to a file.read node with path \"{{path}}\". Bad input: a " +
			"file that cannot be moved, or that the runner's spool cannot take, is reported in the debug output and " +
			"left in place (a refused file is offered again at the next scan); a folder that cannot be read fails the run.",
		Outputs: []spec.Port{{Name: "out", Description: "One message per file."}},
		Config: []spec.Field{{
			Name: "dir", Title: "Folder", Type: spec.String, Required: true,
			Description: "The folder to watch (created if missing).",
			Examples:    []any{"/data/inbox"},
		}, {
			Name: "pattern", Title: "Pattern", Type: spec.String, Default: "*",
			Description: "A glob the file name must match (*, ?, [a-z]).",
			Examples:    []any{"*.csv"},
		}, {
			Name: "pollMs", Title: "Poll interval (ms)", Type: spec.Integer, Default: 1000.0, Minimum: &minPoll, Advanced: true,
			Description: "How often the folder is scanned besides the file system's own notifications.",
		}, {
			Name: "settleMs", Title: "Settle time (ms)", Type: spec.Integer, Default: 1000.0, Minimum: &minSettle, Advanced: true,
			Description: "How long a file's size and modification time must stay the same before it is emitted.",
		}, {
			Name: "move", Title: "Move when done", Type: spec.Boolean, Default: true,
			Description: "Move each file to the processed or failed folder when its work ends. Off: files stay, and a file is emitted again when it changes.",
		}, {
			Name: "processedDir", Title: "Processed folder", Type: spec.String, Default: "processed", ShowIf: moved,
			Description: "Where succeeded files go; relative to the watched folder.",
		}, {
			Name: "failedDir", Title: "Failed folder", Type: spec.String, Default: "failed", ShowIf: moved,
			Description: "Where files whose work failed go; relative to the watched folder.",
		}},
	}
}

// watchNode scans a folder and emits settled files, tracked.
type watchNode struct {
	dir, pattern      string
	poll, settle      time.Duration
	move              bool
	processed, failed string

	mu       sync.Mutex
	files    map[string]*seen
	problems []string // move failures and refused files, reported at the next scan
}

// seen is what the watch knows about one file.
type seen struct {
	size, mod int64     // Unix ns
	since     time.Time // when size and mod were last seen changing
	inFlight  bool
	done      bool // emitted at this size and mod, and finished
}

func newWatch(_ flow.Node, cfg map[string]any) (registry.Node, error) {
	rd := spec.NewReader(cfg)
	pattern := rd.Text("pattern")
	if _, err := filepath.Match(pattern, ""); err != nil {
		return nil, fmt.Errorf("field %q: %w", "pattern", err)
	}
	w := &watchNode{
		dir: rd.Text("dir"), pattern: pattern, move: rd.Bool("move"),
		poll:   time.Duration(rd.Int("pollMs")) * time.Millisecond,
		settle: time.Duration(rd.Int("settleMs")) * time.Millisecond,
		files:  map[string]*seen{},
	}
	w.processed = w.sub(rd.Text("processedDir"))
	w.failed = w.sub(rd.Text("failedDir"))
	return w, rd.Err()
}

func (w *watchNode) sub(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(w.dir, p)
}

// Run implements registry.Node.
func (w *watchNode) Run(ctx context.Context, nio registry.IO) error {
	if err := os.MkdirAll(w.dir, 0o755); err != nil {
		return err
	}
	events, stop := notify(w.dir)
	defer stop()
	t := time.NewTicker(w.poll)
	defer t.Stop()
	for {
		if err := w.scan(ctx, nio); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		case _, ok := <-events:
			if !ok {
				events = nil
			}
		}
	}
}

// notify watches dir with fsnotify so that a new or changed file is seen at
// once; the periodic scan stays as the fallback (and catches folders, such
// as network shares, where events never arrive). A nil channel means no
// events: polling only.
func notify(dir string) (<-chan fsnotify.Event, func()) {
	wt, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, func() {}
	}
	if err := wt.Add(dir); err != nil {
		_ = wt.Close()
		return nil, func() {}
	}
	go func() {
		for range wt.Errors { // drained so the watcher never blocks; the scan finds what an error hid
		}
	}()
	return wt.Events, func() { _ = wt.Close() }
}

// scan emits every settled file not yet emitted.
func (w *watchNode) scan(ctx context.Context, nio registry.IO) error {
	w.reportProblems(nio)
	entries, err := os.ReadDir(w.dir)
	if err != nil {
		return fmt.Errorf("watch %s: %w", w.dir, err)
	}
	now := time.Now()
	present := map[string]bool{}
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || strings.HasPrefix(name, ".") {
			continue
		}
		if ok, _ := filepath.Match(w.pattern, name); !ok {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue // removed meanwhile
		}
		present[name] = true
		if w.ready(name, info, now) {
			if err := w.emit(ctx, nio, name, info); err != nil {
				if !errors.Is(err, registry.ErrNotAccepted) {
					return err
				}
				w.note(err) // the file stays and is offered again at the next scan
			}
		}
	}
	w.forget(present)
	return nil
}

// ready records what the scan saw and reports whether to emit the file.
func (w *watchNode) ready(name string, info os.FileInfo, now time.Time) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	s, ok := w.files[name]
	size, mod := info.Size(), info.ModTime().UnixNano()
	if !ok || s.size != size || s.mod != mod {
		if !ok {
			s = &seen{}
			w.files[name] = s
		}
		s.size, s.mod, s.since, s.done = size, mod, now, false
	}
	if s.inFlight || s.done || now.Sub(s.since) < w.settle {
		return false
	}
	s.inFlight = true
	return true
}

// forget drops files that are gone and not in flight.
func (w *watchNode) forget(present map[string]bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for name, s := range w.files {
		if !present[name] && !s.inFlight {
			delete(w.files, name)
		}
	}
}

func (w *watchNode) emit(ctx context.Context, nio registry.IO, name string, info os.FileInfo) error {
	path, err := filepath.Abs(filepath.Join(w.dir, name))
	if err != nil {
		return err
	}
	m := message.New(map[string]any{
		"path": path, "name": name, "size": float64(info.Size()), "modTime": float64(info.ModTime().UnixMilli()),
	})
	m.Meta = map[string]string{PathMeta: path}
	return nio.EmitTracked(ctx, "out", m, func(o registry.Outcome) { w.finish(name, path, o) })
}

// finish acts on the outcome of a file's work.
func (w *watchNode) finish(name, path string, o registry.Outcome) {
	var err error
	if w.move && o.Status != registry.OutcomeCancelled {
		dest := w.processed
		if o.Status == registry.OutcomeFailed {
			dest = w.failed
		}
		err = moveInto(path, dest)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if s, ok := w.files[name]; ok {
		s.inFlight = false
		s.done = o.Status != registry.OutcomeCancelled // a file that failed to move waits for the next start
	}
	if err != nil {
		w.problems = append(w.problems, err.Error())
	}
}

// note keeps a problem for the debug output.
func (w *watchNode) note(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.problems = append(w.problems, err.Error())
}

// reportProblems puts the problems noted since the last call (files that
// could not be moved or were not accepted) in the debug output.
func (w *watchNode) reportProblems(nio registry.IO) {
	w.mu.Lock()
	errs := w.problems
	w.problems = nil
	w.mu.Unlock()
	for _, e := range errs {
		nio.Debug(message.New(map[string]any{"error": e}))
	}
}

// moveInto moves path into dir; a name already there gets a time suffix.
func moveInto(path, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	base := filepath.Base(path)
	dest := filepath.Join(dir, base)
	if _, err := os.Stat(dest); err == nil {
		ext := filepath.Ext(base)
		dest = filepath.Join(dir, strings.TrimSuffix(base, ext)+"-"+strconv.FormatInt(time.Now().UnixNano(), 10)+ext)
	}
	return os.Rename(path, dest)
}

package deploy

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
)

// watcher reports bundle files of a folder that changed and have then
// been left alone for the settle time.
type watcher struct {
	fw     *fsnotify.Watcher
	settle time.Duration
}

func newWatcher(dir string, settle time.Duration) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watching %s: %w", dir, err)
	}
	if err := fw.Add(dir); err != nil {
		_ = fw.Close()
		return nil, fmt.Errorf("watching %s: %w", dir, err)
	}
	return &watcher{fw: fw, settle: settle}, nil
}

func (w *watcher) close() { _ = w.fw.Close() }

// run calls apply with the name of each bundle file that settled after a
// change, one call at a time, until ctx ends; watch errors go to onErr.
func (w *watcher) run(ctx context.Context, apply func(file string), onErr func(error)) {
	due := map[string]time.Time{}
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.fw.Events:
			if !ok {
				return
			}
			if name := filepath.Base(ev.Name); isBundleName(name) {
				due[name] = time.Now().Add(w.settle)
			}
		case err, ok := <-w.fw.Errors:
			if !ok {
				return
			}
			onErr(err)
		case <-timer.C:
		}
		w.fire(due, apply)
		timer.Reset(nextDue(due))
	}
}

// fire applies every file whose settle time has passed.
func (w *watcher) fire(due map[string]time.Time, apply func(string)) {
	now := time.Now()
	for name, at := range due {
		if !at.After(now) {
			delete(due, name)
			apply(name)
		}
	}
}

// nextDue is how long until the earliest pending file settles.
func nextDue(due map[string]time.Time) time.Duration {
	next := time.Hour
	for _, at := range due {
		if d := time.Until(at); d < next {
			next = max(d, time.Millisecond)
		}
	}
	return next
}

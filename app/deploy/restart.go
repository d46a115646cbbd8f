package deploy

import (
	"time"

	"github.com/weftworks/weft/engine/runtime"
)

// restartLater starts flow i again after its backoff, unless the version
// stops first. The backoff doubles with each restart up to
// MaxRestartBackoff; a run that lasted longer than that resets it.
func (v *version) restartLater(i int, ran time.Duration, reason string) {
	v.mu.Lock()
	if ran > MaxRestartBackoff || v.backoff[i] == 0 {
		v.backoff[i] = v.cfg.RestartBackoff
	}
	wait := v.backoff[i]
	v.backoff[i] = min(2*wait, MaxRestartBackoff)
	v.flows[i].Restarts++
	v.flows[i].Status = StateRestarting
	v.mu.Unlock()
	f := v.b.Flows[i]
	v.cfg.Log.Warn("flow failed while serving; restarting it", "file", v.file, "bundle", v.b.Manifest.Name,
		"version", v.b.Manifest.Version, "flow", f.ID, "error", reason, "in", wait.String())
	go func() {
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case <-v.stopped:
			return
		case <-t.C:
		}
		p, err := runtime.Compile(f, v.cfg.Registry) // it compiled at load: this does not fail
		if err != nil {
			v.cfg.Log.Error("flow cannot be restarted", "file", v.file, "flow", f.ID, "error", err.Error())
			return
		}
		v.startFlow(i, p, v.cfg)
	}()
}

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/weftworks/weft/engine/flow"
)

// manyFlows is how many flows the start-up bundle holds.
const manyFlows = 10

// baselinePkg is the hand-written server's package.
const baselinePkg = "github.com/weftworks/weft/bench/runnerbench/baseline"

// server is one contender: how to start it on an address and where to
// POST the order.
type server struct {
	name string
	argv func(addr string) []string
	path string
	log  string // its stderr, kept for error messages
	load bool   // measured under wrk too, not only started
}

// prepare builds the baseline and the bundles and returns the servers:
// the baseline and weft run with the one-flow bundle (loaded), then, for
// start-up only, weft run with one flow of the 10-flow bundle and weft
// serve running all ten.
func prepare(o options, dir string) ([]server, error) {
	baseline := filepath.Join(dir, "baseline")
	if err := goBuild(baseline); err != nil {
		return nil, err
	}
	f, err := loadFlow(o.flowFile)
	if err != nil {
		return nil, err
	}
	one := filepath.Join(dir, "bench-orders.weft")
	if err := buildBundle(o.weft, dir, one, []*flow.Flow{f}); err != nil {
		return nil, err
	}
	// weft serve runs every bundle of its folder: this one alone.
	served := filepath.Join(dir, "served")
	many := filepath.Join(served, fmt.Sprintf("bench-orders-%d.weft", manyFlows))
	lastID, lastPath, err := buildManyBundle(o.weft, dir, many, f)
	if err != nil {
		return nil, err
	}
	weft := func(name string, args ...string) server {
		slug := strings.NewReplacer(" ", "-", ",", "").Replace(name)
		// Each server has its own state file (and spool beside it).
		state := filepath.Join(dir, slug+".state.db")
		return server{name: name, log: filepath.Join(dir, slug+".log"), argv: func(addr string) []string {
			return slices.Concat([]string{o.weft}, args, []string{"--listen", addr, "--state", state, "--drain", "2s"})
		}}
	}
	loaded := weft("weft run, 1-flow bundle", "run", one)
	loaded.path, loaded.load = webhookPath(f), true
	runMany := weft(fmt.Sprintf("weft run, 1 of %d flows", manyFlows), "run", many, "--flow", lastID)
	serveMany := weft(fmt.Sprintf("weft serve, %d flows", manyFlows), "serve", "--bundles", served)
	runMany.path, serveMany.path = lastPath, lastPath
	return []server{
		{name: "hand-written net/http", path: "/orders", load: true, log: filepath.Join(dir, "baseline.log"),
			argv: func(addr string) []string { return []string{baseline, "-listen", addr} }},
		loaded, runMany, serveMany,
	}, nil
}

// goBuild builds the baseline as bin/weft is built: static, stripped.
func goBuild(out string) error {
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w", "-o", out, baselinePkg)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if msg, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("building the baseline: %v: %s", err, msg)
	}
	return nil
}

func loadFlow(path string) (*flow.Flow, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w (run from the repository root or pass -flow)", err)
	}
	f, err := flow.Decode(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if webhookPath(f) == "" {
		return nil, fmt.Errorf("%s: no http.webhook node with a path", path)
	}
	return f, nil
}

// webhookPath is the path of f's webhook trigger.
func webhookPath(f *flow.Flow) string {
	for _, n := range f.Nodes {
		if p, ok := n.Config["path"].(string); ok && n.Type == "http.webhook" {
			return p
		}
	}
	return ""
}

// buildManyBundle bundles manyFlows copies of f, each with its own id and
// webhook path, into out; it returns the last copy's id and path.
func buildManyBundle(weft, dir, out string, f *flow.Flow) (id, path string, err error) {
	flows := make([]*flow.Flow, manyFlows)
	for i := range flows {
		c, err := copyFlow(f)
		if err != nil {
			return "", "", err
		}
		c.ID = fmt.Sprintf("%s-%02d", f.ID, i+1)
		path = fmt.Sprintf("%s/%02d", strings.TrimSuffix(webhookPath(f), "/"), i+1)
		for _, n := range c.Nodes {
			if n.Type == "http.webhook" {
				n.Config["path"] = path
			}
		}
		flows[i] = c
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o700); err != nil {
		return "", "", err
	}
	return flows[len(flows)-1].ID, path, buildBundle(weft, dir, out, flows)
}

// copyFlow is a deep copy of f, through its canonical encoding.
func copyFlow(f *flow.Flow) (*flow.Flow, error) {
	data, err := flow.Encode(f)
	if err != nil {
		return nil, err
	}
	return flow.Decode(data)
}

// buildBundle writes the flows to dir and bundles them into out with weft
// bundle, as CI would.
func buildBundle(weft, dir, out string, flows []*flow.Flow) error {
	args := []string{"bundle"}
	for _, f := range flows {
		data, err := flow.Encode(f)
		if err != nil {
			return err
		}
		p := filepath.Join(dir, f.ID+".flow.json")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			return err
		}
		args = append(args, p)
	}
	name := strings.TrimSuffix(filepath.Base(out), ".weft")
	args = append(args, "--name", name, "--version", "1.0.0", "-o", out)
	if msg, err := exec.Command(weft, args...).CombinedOutput(); err != nil {
		return fmt.Errorf("%s bundle: %v: %s", weft, err, msg)
	}
	return nil
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"sync"

	"github.com/weftworks/weft/app"
	"github.com/weftworks/weft/app/deploy"
	"github.com/weftworks/weft/app/ops"
	"github.com/weftworks/weft/engine/bundle"
	"github.com/weftworks/weft/engine/credential"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
	"github.com/weftworks/weft/engine/spool"
)

// serveFlags are weft serve's options: weft run's server options and the
// bundle folder.
type serveFlags struct {
	runFlags
	dir string
}

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	sf, err := parseServeFlags(args, stderr)
	if err != nil {
		return err
	}
	log, err := ops.NewLogger(stderr, sf.logFormat, slog.LevelInfo)
	if err != nil {
		return &exitError{code: 2, msg: "serve: --log-format: " + err.Error()}
	}
	if info, err := os.Stat(sf.dir); err != nil || !info.IsDir() {
		return &exitError{code: 1, msg: fmt.Sprintf("serve: --bundles %s is not a folder", sf.dir)}
	}
	so := &runOps{log: log, metrics: ops.NewCollector(log), health: ops.NewHealth()}
	defer startTracing(ctx, so.metrics, log)()
	cfg, host, sp, err := deployConfig(sf, so, stdout)
	if err != nil {
		return err
	}
	defer func() { _ = host.Close(); _ = sp.Close() }()
	if sf.ops == "" || sf.ops == sf.listen {
		cfg.Reserved = []string{"/status", "/healthz", "/readyz", "/metrics", "/deadletters"}
	}
	d := deploy.New(cfg)
	so.health.Check("bundles", d.Ready)
	stop, err := serveBundles(ctx, sf, d, so)
	if err != nil {
		return err
	}
	defer stop()
	err = d.Run(ctx)
	log.Info("stopped: every bundle drained", "dir", sf.dir)
	return err
}

func parseServeFlags(args []string, stderr io.Writer) (serveFlags, error) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var sf serveFlags
	fs.StringVar(&sf.dir, "bundles", "", "serve every .weft bundle in `DIR` and follow its changes (required)")
	fs.StringVar(&sf.listen, "listen", defaultListen, "serve webhooks, /status and the ops endpoints on `ADDR`")
	fs.StringVar(&sf.ops, "ops", "", "serve /status, /healthz, /readyz and /metrics on `ADDR` instead")
	addServerFlags(fs, &sf.runFlags, "how long a replaced or removed bundle, or every bundle on SIGTERM, may take to finish its work")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: weft serve --bundles DIR [--listen ADDR] [--ops ADDR] [--require-signature PUBFILE] [--env FILE] [--secrets DIR] [--state FILE] [--spool FILE] [--retries N] [--retry-backoff DURATION] [--drain DURATION] [--log-format json|text]")
		fmt.Fprintln(stderr, "Runs every flow of every .weft file in DIR. A new file starts; a replaced one is swapped in once it")
		fmt.Fprintln(stderr, "validates and listens (the old version finishes what it took); a removed one drains and stops. A bundle")
		fmt.Fprintln(stderr, "that fails is refused with a log line and the previous version keeps serving. GET /status lists them.")
		fs.PrintDefaults()
	}
	_, err := parseCommand(fs, args, func(pos []string) bool { return len(pos) != 0 || sf.dir == "" })
	return sf, err
}

// deployConfig is what the Deployer needs from weft serve: the registry,
// signature and credential checks, the shared host and per-run options.
func deployConfig(sf serveFlags, so *runOps, stdout io.Writer) (deploy.Config, *app.Host, *spool.Spool, error) {
	reg, err := nodeTypes()
	if err != nil {
		return deploy.Config{}, nil, nil, err
	}
	creds, err := runnerCredentials(sf.runFlags, os.Environ())
	if err != nil {
		return deploy.Config{}, nil, nil, err
	}
	verify, err := bundleCheck(sf.pubKey, creds)
	if err != nil {
		return deploy.Config{}, nil, nil, err
	}
	state, err := statePath(sf.state)
	if err != nil {
		return deploy.Config{}, nil, nil, err
	}
	sp, err := openSpool(spoolPath(sf.spool.path, state))
	if err != nil {
		return deploy.Config{}, nil, nil, err
	}
	so.metrics.SetBacklog(sp)
	so.spool = sp
	host := app.NewHost(creds, state)
	return deploy.Config{
		Dir: sf.dir, Registry: reg, Verify: verify, Drain: sf.drain, Log: so.log,
		Services: func(scope string) registry.Services { return host.Services(scope) },
		Options:  serveOptions(so, sp, sf.spool, stdout),
	}, host, sp, nil
}

// bundleCheck refuses a bundle not signed by the key in pubPath (when
// given) or naming a credential creds lacks.
func bundleCheck(pubPath string, creds credential.Static) (func(string, *bundle.Bundle) error, error) {
	var pub []byte
	if pubPath != "" {
		key, err := bundle.LoadPublicKey(pubPath)
		if err != nil {
			return nil, &exitError{code: 1, msg: "serve: --require-signature: " + err.Error()}
		}
		pub = key
	}
	return func(_ string, b *bundle.Bundle) error {
		if pub != nil {
			if err := b.Verify(pub); err != nil {
				return err
			}
		}
		for _, f := range b.Flows {
			if err := checkCredentials(f, creds); err != nil {
				return errors.New(err.Error())
			}
		}
		return nil
	}, nil
}

// serveLine is one NDJSON line weft serve prints for a debug message.
type serveLine struct {
	Flow string `json:"flow"` // bundle-name/flow-id
	debugLine
}

// serveOptions makes each run's options: debug messages as NDJSON on
// stdout, snapshots to the metrics collector, and the spool's journal for
// the flow's spooled triggers (scoped "bundle/flow", shared by the
// versions of a bundle: a new version resumes what an old one left).
func serveOptions(so *runOps, sp *spool.Spool, sf spoolFlags, stdout io.Writer) func(string, *flow.Flow) runtime.Options {
	var mu sync.Mutex
	enc := json.NewEncoder(stdout)
	return func(scope string, f *flow.Flow) runtime.Options {
		runID := message.NewID()
		journal := spoolJournal(sp, f, scope, sf, so.log, runID)
		return runtime.Options{RunID: runID, OnUpdate: so.metrics.Observe, Journal: journal, OnDebug: func(node string, m *message.Message) {
			mu.Lock()
			defer mu.Unlock()
			_ = enc.Encode(serveLine{Flow: scope, debugLine: debugLine{Node: node, ID: m.ID, Payload: m.Payload, Meta: m.Meta}})
		}}
	}
}

// serveBundles serves the webhooks and, beside them or on --ops, /status
// and the ops endpoints. The servers outlive ctx so that requests taken
// before a stop are answered while the bundles drain; stop ends them.
func serveBundles(ctx context.Context, sf serveFlags, d *deploy.Deployer, so *runOps) (func(), error) {
	base := context.WithoutCancel(ctx)
	mux := http.NewServeMux()
	mux.Handle("/", d.Handler())
	opsMux := mux
	if sf.ops != "" && sf.ops != sf.listen {
		opsMux = http.NewServeMux()
	}
	opsAddr := sf.listen
	if opsMux != mux {
		opsAddr = sf.ops
	}
	so.mount(opsMux, opsAddr)
	opsMux.Handle("GET /status", d.StatusHandler())
	serves := []string{"webhooks", "status", "ops"}
	if opsMux != mux {
		serves = serves[:1]
	}
	stop, err := serve(base, sf.listen, mux, so.log, serves)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	if opsMux == mux {
		return stop, nil
	}
	stopOps, err := serve(base, sf.ops, opsMux, so.log, []string{"status", "ops"})
	if err != nil {
		stop()
		return nil, fmt.Errorf("serve: --ops: %w", err)
	}
	return func() { stopOps(); stop() }, nil
}

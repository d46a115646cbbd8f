package runner

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"

	"github.com/weftworks/weft/app"
	"github.com/weftworks/weft/app/cluster"
	"github.com/weftworks/weft/app/deploy"
	"github.com/weftworks/weft/engine/bundle"
	"github.com/weftworks/weft/engine/credential"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
)

// reserved are the paths weft serve answers itself on the webhook
// address when the ops endpoints are served there.
var reserved = []string{"/status", "/healthz", "/readyz", "/metrics", "/deadletters"}

// Serve runs every bundle of the folder dir and follows its changes
// (package deploy) until ctx is cancelled, then lets every bundle drain.
// Webhooks are served on s.Listen, /status and the ops endpoints beside
// them or on s.Ops.
func Serve(ctx context.Context, env Env, dir string, s Settings) error {
	cl, dir, stopCluster, err := serveCluster(ctx, env, dir, s)
	if err != nil {
		return err
	}
	defer stopCluster()
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return fmt.Errorf("serve: --bundles %s is not a folder", dir)
	}
	o := NewOps(env.Log)
	defer startTracing(ctx, o, env.Log)()
	cfg, host, buf, err := deployConfig(env, dir, s, o, cl)
	if err != nil {
		return err
	}
	defer func() { _ = host.Close(); _ = buf.Close() }()
	if s.Ops == "" || s.Ops == s.Listen {
		cfg.Reserved = reserved
	}
	d := deploy.New(cfg)
	o.Health.Check("bundles", d.Ready)
	stop, err := serveBundles(ctx, s, d, o)
	if err != nil {
		return err
	}
	defer stop()
	err = d.Run(ctx)
	env.Log.Info("stopped: every bundle drained", "dir", dir)
	return err
}

// deployConfig is what the Deployer needs from weft serve: the registry,
// signature and credential checks, the shared host and per-run options.
// Accepted messages go to cl's streams with a cluster, else to the spool.
func deployConfig(env Env, dir string, s Settings, o *Ops, cl *cluster.Cluster) (deploy.Config, *app.Host, buffer, error) {
	creds, err := Credentials(s.EnvFile, s.Secrets, env.Environ)
	if err != nil {
		return deploy.Config{}, nil, nil, err
	}
	verify, err := bundleCheck(s.PubKey, creds, env.Registry)
	if err != nil {
		return deploy.Config{}, nil, nil, err
	}
	state, err := StatePath(s.State)
	if err != nil {
		return deploy.Config{}, nil, nil, err
	}
	var buf buffer = clusterBuffer{cl}
	if cl == nil {
		sp, err := openSpool(s, o)
		if err != nil {
			return deploy.Config{}, nil, nil, err
		}
		buf = spoolBuffer{sp}
	} else {
		o.Metrics.SetBacklog(buf)
		o.Spool = buf
		o.Health.Check("cluster", cl.Ready)
	}
	host := app.NewHost(creds, state)
	return deploy.Config{
		Dir: dir, Registry: env.Registry, Verify: verify, Drain: s.Drain, Log: o.Log,
		Services: func(scope string) registry.Services { return withLease(host.Services(scope), cl, scope) },
		Options:  serveOptions(o, buf, env.Registry, s.Delivery, env.Stdout),
	}, host, buf, nil
}

// bundleCheck refuses a bundle not signed by the key in pubPath (when
// given) or naming a credential creds lacks.
func bundleCheck(pubPath string, creds credential.Static, reg *registry.Registry) (func(string, *bundle.Bundle) error, error) {
	var pub []byte
	if pubPath != "" {
		key, err := bundle.LoadPublicKey(pubPath)
		if err != nil {
			return nil, errors.New("serve: --require-signature: " + err.Error())
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
			if err := CheckCredentials(f, creds, reg); err != nil {
				return err
			}
		}
		return nil
	}, nil
}

// ServeLine is one NDJSON line weft serve prints for a debug message.
type ServeLine struct {
	Flow string `json:"flow"` // bundle-name/flow-id
	DebugLine
}

// serveOptions makes each run's options: debug messages as NDJSON on
// stdout, snapshots to the metrics collector, and the buffer's journal for
// the flow's spooled triggers (scoped "bundle/flow", shared by the
// versions of a bundle: a new version resumes what an old one left).
func serveOptions(o *Ops, buf buffer, reg *registry.Registry, d Delivery, stdout io.Writer) func(string, *flow.Flow) runtime.Options {
	var mu sync.Mutex
	enc := json.NewEncoder(stdout)
	return func(scope string, f *flow.Flow) runtime.Options {
		runID := message.NewID()
		j := bufferJournal(buf, f, reg, scope, d, o.Log, runID)
		return runtime.Options{RunID: runID, OnUpdate: o.Metrics.Observe, OnMessage: o.onMessage, Journal: j, OnDebug: func(node string, m *message.Message) {
			mu.Lock()
			defer mu.Unlock()
			_ = enc.Encode(ServeLine{Flow: scope, DebugLine: DebugLine{Node: node, ID: m.ID, Payload: m.Payload, Meta: m.Meta}})
		}}
	}
}

// serveBundles serves the webhooks and, beside them or on s.Ops, /status
// and the ops endpoints. The servers outlive ctx so that requests taken
// before a stop are answered while the bundles drain; stop ends them.
func serveBundles(ctx context.Context, s Settings, d *deploy.Deployer, o *Ops) (func(), error) {
	base := context.WithoutCancel(ctx)
	mux := http.NewServeMux()
	mux.Handle("/", d.Handler())
	opsMux, opsAddr := mux, s.Listen
	if s.Ops != "" && s.Ops != s.Listen {
		opsMux, opsAddr = http.NewServeMux(), s.Ops
	}
	o.Mount(opsMux, opsAddr)
	opsMux.Handle("GET /status", d.StatusHandler())
	serves := []string{"webhooks", "status", "ops"}
	if opsMux != mux {
		serves = serves[:1]
	}
	stop, err := listen(base, s.Listen, mux, o.Log, serves)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	if opsMux == mux {
		return stop, nil
	}
	stopOps, err := listen(base, s.Ops, opsMux, o.Log, []string{"status", "ops"})
	if err != nil {
		stop()
		return nil, fmt.Errorf("serve: --ops: %w", err)
	}
	return func() { stopOps(); stop() }, nil
}

package runner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/weftworks/weft/app/cluster"
	"github.com/weftworks/weft/app/ops"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
	"github.com/weftworks/weft/engine/spool"
)

// mirrorTimeout bounds the wait for the cluster's bundle set at start.
const mirrorTimeout = time.Minute

// buffer keeps the accepted trigger messages until their work ends: the
// spool file, or with --cluster the cluster's JetStream streams.
type buffer interface {
	DeadLetters
	ops.Backlog
	journal(scope string, p spool.RetryPolicy, nodes []string) runtime.Journal
}

type spoolBuffer struct{ *spool.Spool }

func (b spoolBuffer) journal(scope string, p spool.RetryPolicy, nodes []string) runtime.Journal {
	return b.Journal(scope, p, nodes...)
}

type clusterBuffer struct{ *cluster.Cluster }

// Close leaves the connection open: serveCluster's stop closes it once
// the bundle mirror has stopped.
func (clusterBuffer) Close() error { return nil }

func (b clusterBuffer) journal(scope string, p spool.RetryPolicy, nodes []string) runtime.Journal {
	return b.Journal(scope, p, nodes...)
}

var (
	_ buffer = spoolBuffer{}
	_ buffer = clusterBuffer{}
)

// ConnectCluster connects to the cluster arg names: a NATS URL
// (nats://host:4222, several comma-separated) or a JSON config file
// (cluster.LoadConfig).
func ConnectCluster(ctx context.Context, arg string, log *slog.Logger) (*cluster.Cluster, error) {
	cfg := cluster.Config{URL: arg}
	if !strings.Contains(arg, "://") {
		var err error
		if cfg, err = cluster.LoadConfig(arg); err != nil {
			return nil, err
		}
	}
	host, _ := os.Hostname()
	cfg.Name, cfg.Log = fmt.Sprintf("weft %s/%d", host, os.Getpid()), log
	return cluster.Connect(ctx, cfg)
}

// serveCluster connects weft serve to s.Cluster (nil without one) and,
// when dir is empty, mirrors the cluster's bundle set into a folder
// beside the state file and returns that folder once it holds the set.
// stop ends the mirror and closes the connection.
func serveCluster(ctx context.Context, env Env, dir string, s Settings) (cl *cluster.Cluster, bundles string, stop func(), err error) {
	if s.Cluster == "" {
		if dir == "" {
			return nil, "", nil, &usageError{msg: "serve: give --bundles DIR, or --cluster to serve the cluster's bundle set"}
		}
		return nil, dir, func() {}, nil
	}
	if cl, err = ConnectCluster(ctx, s.Cluster, env.Log); err != nil {
		return nil, "", nil, fmt.Errorf("serve: --cluster: %w", err)
	}
	env.Log.Info("cluster: connected", "url", cl.URL())
	if dir != "" {
		return cl, dir, func() { _ = cl.Close() }, nil
	}
	if dir, err = mirrorDir(s.State); err != nil {
		_ = cl.Close()
		return nil, "", nil, err
	}
	mctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	ready, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		_ = cl.MirrorBundles(mctx, dir, func() { close(ready) })
	}()
	stop = func() { cancel(); <-done; _ = cl.Close() }
	select {
	case <-ready:
		env.Log.Info("cluster: serving the cluster's bundle set", "dir", dir)
		return cl, dir, stop, nil
	case <-time.After(mirrorTimeout):
		err = errors.New("serve: --cluster: the cluster's bundle set did not arrive in time")
	case <-ctx.Done():
		err = ctx.Err()
	}
	stop()
	return nil, "", nil, err
}

// mirrorDir is the folder the cluster's bundle set is mirrored into:
// cluster-bundles beside the state file.
func mirrorDir(statePath string) (string, error) {
	state, err := StatePath(statePath)
	if err != nil {
		return "", err
	}
	dir := filepath.Join(filepath.Dir(state), "cluster-bundles")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("serve: --cluster: %w", err)
	}
	return dir, nil
}

// withLease adds the cluster's services of scope to sv (with a cluster):
// a schedule fires on one runner only.
func withLease(sv registry.Services, cl *cluster.Cluster, scope string) registry.Services {
	if cl != nil {
		return cl.Provide(sv, scope)
	}
	return sv
}

// Deploy changes the cluster's bundle set: it stores each bundle file
// (checked to be a readable bundle first), or with remove takes the
// named bundles out; every runner serving the set follows.
func Deploy(ctx context.Context, clusterArg string, files []string, remove bool, stdout io.Writer) error {
	if !remove {
		for _, f := range files {
			if _, err := LoadBundle(f); err != nil {
				return err
			}
		}
	}
	cl, err := ConnectCluster(ctx, clusterArg, slog.New(slog.DiscardHandler))
	if err != nil {
		return fmt.Errorf("deploy: --cluster: %w", err)
	}
	defer cl.Close()
	for _, f := range files {
		name := filepath.Base(f)
		if remove {
			if err := cl.RemoveBundle(ctx, name); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "removed %s from the cluster's bundle set\n", name)
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		info, err := cl.PutBundle(ctx, name, data)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "deployed %s (%d bytes, %s) to the cluster's bundle set\n", info.Name, info.Size, info.Digest)
	}
	return nil
}

// ListClusterBundles prints the cluster's bundle set.
func ListClusterBundles(ctx context.Context, clusterArg string, stdout io.Writer) error {
	cl, err := ConnectCluster(ctx, clusterArg, slog.New(slog.DiscardHandler))
	if err != nil {
		return fmt.Errorf("deploy: --cluster: %w", err)
	}
	defer cl.Close()
	list, err := cl.ListBundles(ctx)
	if err != nil {
		return err
	}
	for _, b := range list {
		fmt.Fprintf(stdout, "%s\t%d\t%s\t%s\n", b.Name, b.Size, b.Modified.UTC().Format(time.RFC3339), b.Digest)
	}
	return nil
}

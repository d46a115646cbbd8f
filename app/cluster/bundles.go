package cluster

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// ErrBundleName is wrapped by PutBundle's and RemoveBundle's errors for a
// name that is not a plain NAME.weft file name.
var ErrBundleName = errors.New("a bundle is stored by its file name, NAME.weft")

// BundleInfo is one bundle of the cluster's set.
type BundleInfo struct {
	Name     string    `json:"name"`
	Size     uint64    `json:"size"`
	Digest   string    `json:"digest"`
	Modified time.Time `json:"modified"`
}

func checkBundleName(name string) error {
	if !strings.HasSuffix(name, ".weft") || strings.HasPrefix(name, ".") || name != filepath.Base(name) || strings.ContainsAny(name, `\/`) {
		return fmt.Errorf("%w: %q", ErrBundleName, name)
	}
	return nil
}

// bundles makes or returns the object store of bundles.
func (c *Cluster) bundles(ctx context.Context) (jetstream.ObjectStore, error) {
	cfg := jetstream.ObjectStoreConfig{
		Bucket: c.cfg.BundleBucket, Description: "weft: the bundles every runner serves",
		Replicas: c.cfg.Replicas, Storage: jetstream.FileStorage,
	}
	get := func(ctx context.Context) (jetstream.ObjectStore, error) { return c.js.ObjectStore(ctx, cfg.Bucket) }
	create := func(ctx context.Context) (jetstream.ObjectStore, error) { return c.js.CreateObjectStore(ctx, cfg) }
	obs, err := ensure(ctx, get, create, jetstream.ErrBucketNotFound)
	if err != nil {
		return nil, fmt.Errorf("cluster: bundle store: %w", err)
	}
	return obs, nil
}

// PutBundle stores data as the bundle name (NAME.weft) in the cluster's
// set, replacing the one of that name: every runner mirroring the set
// deploys it.
func (c *Cluster) PutBundle(ctx context.Context, name string, data []byte) (BundleInfo, error) {
	if err := checkBundleName(name); err != nil {
		return BundleInfo{}, err
	}
	obs, err := c.bundles(ctx)
	if err != nil {
		return BundleInfo{}, err
	}
	var info *jetstream.ObjectInfo
	err = whileElecting(ctx, func() (err error) {
		info, err = obs.PutBytes(ctx, name, data)
		return err
	})
	if err != nil {
		return BundleInfo{}, fmt.Errorf("cluster: storing %s: %w", name, err)
	}
	return bundleInfo(info), nil
}

// electionWait bounds how long whileElecting tries again.
const electionWait = 15 * time.Second

// whileElecting calls f again while no server answers for the stream (a
// store just made, or one whose leader is being elected, answers nobody
// for a moment), for at most electionWait. A put of the same name and
// bytes is idempotent, so trying again is safe.
func whileElecting(ctx context.Context, f func() error) error {
	deadline := time.Now().Add(electionWait)
	for {
		err := f()
		busy := errors.Is(err, nats.ErrNoResponders) || errors.Is(err, jetstream.ErrNoStreamResponse)
		if !busy || time.Now().After(deadline) || ctx.Err() != nil {
			return err
		}
		sleepCtx(ctx, 100*time.Millisecond)
	}
}

func bundleInfo(i *jetstream.ObjectInfo) BundleInfo {
	return BundleInfo{Name: i.Name, Size: i.Size, Digest: i.Digest, Modified: i.ModTime}
}

// RemoveBundle removes the bundle name from the set: the runners drain
// and stop it.
func (c *Cluster) RemoveBundle(ctx context.Context, name string) error {
	if err := checkBundleName(name); err != nil {
		return err
	}
	obs, err := c.bundles(ctx)
	if err != nil {
		return err
	}
	if err := obs.Delete(ctx, name); err != nil {
		return fmt.Errorf("cluster: removing %s: %w", name, err)
	}
	return nil
}

// ListBundles returns the set's bundles.
func (c *Cluster) ListBundles(ctx context.Context) ([]BundleInfo, error) {
	obs, err := c.bundles(ctx)
	if err != nil {
		return nil, err
	}
	list, err := obs.List(ctx)
	if errors.Is(err, jetstream.ErrNoObjectsFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cluster: listing bundles: %w", err)
	}
	out := make([]BundleInfo, 0, len(list))
	for _, i := range list {
		out = append(out, bundleInfo(i))
	}
	return out, nil
}

// MirrorBundles keeps dir's .weft files equal to the cluster's set until
// ctx ends: it writes each new or changed bundle (through a hidden
// temporary file, renamed in place), and removes the .weft files the set
// lacks (dir is the mirror's own). ready is called once the set as it was
// at the start is in dir. Trouble reaching NATS is logged and the watch
// started again.
func (c *Cluster) MirrorBundles(ctx context.Context, dir string, ready func()) error {
	for {
		err := c.mirror(ctx, dir, &ready)
		if ctx.Err() != nil {
			return nil
		}
		c.log.Warn("cluster: mirroring bundles", "dir", dir, "error", err.Error())
		sleepCtx(ctx, time.Second)
	}
}

// mirror watches the set until ctx ends or the watch fails; *ready is
// called and cleared once dir has the set.
func (c *Cluster) mirror(ctx context.Context, dir string, ready *func()) error {
	obs, err := c.bundles(ctx)
	if err != nil {
		return err
	}
	w, err := obs.Watch(ctx)
	if err != nil {
		return fmt.Errorf("cluster: watching bundles: %w", err)
	}
	defer func() { _ = w.Stop() }()
	if err := removeStrays(ctx, obs, dir); err != nil {
		return err
	}
	resync := time.NewTicker(resyncEvery)
	defer resync.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-resync.C:
			if err := resyncDir(ctx, obs, dir); err != nil {
				return err
			}
		case info, ok := <-w.Updates():
			switch {
			case !ok:
				return errors.New("cluster: the bundle watch ended")
			case info == nil: // the set as it was at the start is in dir
				if *ready != nil {
					(*ready)()
					*ready = nil
				}
			default:
				if err := mirrorOne(ctx, obs, dir, info); err != nil {
					c.log.Error("cluster: mirroring a bundle", "bundle", info.Name, "error", err.Error())
				}
			}
		}
	}
}

// resyncEvery is how often the mirror compares the whole folder with the
// set, besides following the watch: a safety net for a missed change.
const resyncEvery = 10 * time.Second

// resyncDir brings every bundle of dir in line with the set.
func resyncDir(ctx context.Context, obs jetstream.ObjectStore, dir string) error {
	if err := removeStrays(ctx, obs, dir); err != nil {
		return err
	}
	lctx, cancel := context.WithTimeout(ctx, callTimeout)
	list, err := obs.List(lctx)
	cancel()
	if errors.Is(err, jetstream.ErrNoObjectsFound) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, info := range list {
		if err := mirrorOne(ctx, obs, dir, info); err != nil {
			return err
		}
	}
	return nil
}

// removeStrays removes the .weft files of dir the set lacks: dir is the
// mirror's own.
func removeStrays(ctx context.Context, obs jetstream.ObjectStore, dir string) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.weft"))
	if err != nil {
		return err
	}
	for _, f := range files {
		ictx, cancel := context.WithTimeout(ctx, callTimeout)
		_, err := obs.GetInfo(ictx, filepath.Base(f))
		cancel()
		if errors.Is(err, jetstream.ErrObjectNotFound) {
			if err := os.Remove(f); err != nil {
				return err
			}
		}
	}
	return nil
}

// mirrorOne brings dir's copy of one bundle in line with info.
func mirrorOne(ctx context.Context, obs jetstream.ObjectStore, dir string, info *jetstream.ObjectInfo) error {
	if checkBundleName(info.Name) != nil {
		return fmt.Errorf("%w: %q is not mirrored", ErrBundleName, info.Name)
	}
	path := filepath.Join(dir, info.Name)
	if info.Deleted {
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		return nil
	}
	if upToDate(path, info.Digest) {
		return nil
	}
	rctx, cancel := context.WithTimeout(ctx, readTimeout(info.Size))
	data, err := obs.GetBytes(rctx, info.Name)
	cancel()
	if errors.Is(err, jetstream.ErrObjectNotFound) {
		return nil // removed since: its delete comes next
	}
	if err != nil {
		return err
	}
	if old, err := os.ReadFile(path); err == nil && string(old) == string(data) {
		return nil
	}
	tmp, err := os.CreateTemp(dir, "."+info.Name+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// callTimeout bounds each call the mirror makes to the set (the NATS
// client's own default): the mirror's context lives as long as the runner,
// and a call stalled under load must not hold the mirror with it. A call
// that times out is logged and tried again by the next resync.
const callTimeout = 5 * time.Second

// slowLink is the rate, in bytes per second, a bundle read is allowed to
// fall to before it is given up.
const slowLink = 256 << 10

// readTimeout bounds the read of a bundle of size bytes: callTimeout plus
// the time to move it at slowLink, so that a big bundle on a slow link is
// not refused by a bound meant for small calls.
func readTimeout(size uint64) time.Duration {
	return callTimeout + time.Duration(size/slowLink)*time.Second
}

// upToDate reports whether the file at path has the object store digest
// ("SHA-256=" and the URL-safe base64 of its SHA-256).
func upToDate(path, digest string) bool {
	data, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	sum := sha256.Sum256(data)
	return digest == "SHA-256="+base64.URLEncoding.EncodeToString(sum[:])
}

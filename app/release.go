package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/weftworks/weft/app/cluster"
	"github.com/weftworks/weft/engine/audit"
)

// Kinds of deploy target.
const (
	// TargetFolder is the bundle folder a `weft serve --bundles DIR`
	// watches: a deploy writes NAME.weft there and the runner hot-swaps it.
	TargetFolder = "folder"
	// TargetCluster is a NATS JetStream cluster: a deploy puts NAME.weft
	// into its bundle set, as `weft deploy FILE.weft --cluster URL` does,
	// and every runner mirroring the set serves it.
	TargetCluster = "cluster"
)

// ErrNoTarget is wrapped by Deploy's error for a target id that is not
// configured.
var ErrNoTarget = errors.New("no such deploy target: an admin adds targets under Deploy targets")

var (
	bucketDeployTargets = []byte("deployTargets")
	keyDeployTargets    = []byte("targets")
)

// clusterDeployTimeout bounds a deploy into a cluster: connecting and
// storing the bundle.
const clusterDeployTimeout = 30 * time.Second

// DeployTarget is a place Studio deploys bundles to.
type DeployTarget struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Kind string `json:"kind"` // TargetFolder or TargetCluster
	// Folder is a folder target's absolute path on the Studio's machine.
	Folder string `json:"folder,omitempty"`
	// Cluster is a cluster target's NATS URL(s), comma-separated.
	Cluster string `json:"cluster,omitempty"`
	// BundleBucket is a cluster target's bundle-set object store; empty:
	// the runners' default.
	BundleBucket string `json:"bundleBucket,omitempty"`
	// RunnerURL is, optionally, a runner's address (its /deadletters):
	// the dead-letter alert rules watch the runners named here.
	RunnerURL string `json:"runnerUrl,omitempty"`
}

// Validate says what is wrong with t, if anything.
func (t DeployTarget) Validate() error {
	var errs []error
	if strings.TrimSpace(t.ID) == "" {
		errs = append(errs, errors.New("a target needs an id"))
	}
	switch t.Kind {
	case TargetFolder:
		if !filepath.IsAbs(t.Folder) {
			errs = append(errs, fmt.Errorf("folder %q is not an absolute path", t.Folder))
		}
	case TargetCluster:
		for _, u := range strings.Split(t.Cluster, ",") {
			if p, err := url.Parse(strings.TrimSpace(u)); err != nil || p.Host == "" || p.Scheme == "" {
				errs = append(errs, fmt.Errorf("cluster %q: want nats://host:4222, comma-separated", t.Cluster))
				break
			}
		}
	default:
		errs = append(errs, fmt.Errorf("unknown kind %q: use folder or cluster", t.Kind))
	}
	if t.RunnerURL != "" {
		if u, err := url.Parse(t.RunnerURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("runner URL %q is not an http(s) URL", t.RunnerURL))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("deploy target %q: %w", t.ID, err)
	}
	return nil
}

// DeployRequest asks to build a bundle of saved flows, as ExportBundle
// does, and deploy it to the target Target. The file is NAME.weft, so a
// later deploy of the same name replaces it on the runners.
type DeployRequest struct {
	Target  string   `json:"target"`
	FlowIDs []string `json:"flowIds"`
	Name    string   `json:"name"`
	Version string   `json:"version"`
	Sign    bool     `json:"sign"`
	Task    string   `json:"task,omitempty"`
}

// DeployResult is what a deploy put where.
type DeployResult struct {
	Target   string `json:"target"`
	FileName string `json:"fileName"`
	SHA256   string `json:"sha256"`
	// Location is the file written (folder) or the bucket and URL
	// (cluster).
	Location string `json:"location"`
}

// ListDeployTargets returns the configured deploy targets.
func (s *Service) ListDeployTargets() ([]DeployTarget, error) {
	targets := []DeployTarget{}
	err := s.store.DB().View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketDeployTargets); b != nil {
			if raw := b.Get(keyDeployTargets); raw != nil {
				return json.Unmarshal(raw, &targets)
			}
		}
		return nil
	})
	return targets, err
}

// SaveDeployTargets checks and replaces the deploy targets.
func (s *Service) SaveDeployTargets(targets []DeployTarget) error {
	var errs []error
	seen := map[string]bool{}
	for _, t := range targets {
		errs = append(errs, t.Validate())
		if seen[t.ID] {
			errs = append(errs, fmt.Errorf("deploy target %q is listed twice", t.ID))
		}
		seen[t.ID] = true
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	data, err := json.Marshal(targets)
	if err != nil {
		return err
	}
	err = s.store.DB().Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketDeployTargets)
		if err != nil {
			return err
		}
		return b.Put(keyDeployTargets, data)
	})
	if err != nil {
		return err
	}
	sum := sha256.Sum256(data)
	return s.record(audit.Entry{Action: "deploy.targets", Kind: "settings", Target: "deploy", After: hex.EncodeToString(sum[:]),
		Detail: fmt.Sprintf("%d target(s)", len(targets))})
}

func (s *Service) deployTarget(id string) (DeployTarget, error) {
	targets, err := s.ListDeployTargets()
	if err != nil {
		return DeployTarget{}, err
	}
	for _, t := range targets {
		if t.ID == id {
			return t, nil
		}
	}
	return DeployTarget{}, fmt.Errorf("%w: %q", ErrNoTarget, id)
}

// Deploy builds the bundle req asks for and puts it on the target. A
// protected flow needs another user's approval of its saved version (see
// ReleaseGate); a refused deploy is recorded in the audit trail as
// deploy.refused, one the target did not take as deploy.failed, a done
// one as bundle.deploy.
func (s *Service) Deploy(req DeployRequest) (res DeployResult, err error) {
	t := s.startTask(req.Task, "deploy")
	defer func() { s.endTask(t, err) }()
	target, err := s.deployTarget(req.Target)
	if err != nil {
		return DeployResult{}, err
	}
	file, err := deployFileName(req.Name)
	if err != nil {
		return DeployResult{}, err
	}
	where := target.ID + "/" + file
	for _, id := range req.FlowIDs {
		if err := s.checkRelease(id); err != nil {
			return DeployResult{}, s.refuseDeploy(where, id, err)
		}
	}
	data, err := s.buildBundle(t, ExportRequest{FlowIDs: req.FlowIDs, Name: req.Name, Version: req.Version, Sign: req.Sign})
	if err != nil {
		return DeployResult{}, err
	}
	sum := sha256.Sum256(data)
	res = DeployResult{Target: target.ID, FileName: file, SHA256: hex.EncodeToString(sum[:])}
	if res.Location, err = s.put(t.ctx, target, file, data); err != nil {
		err = fmt.Errorf("deploy to %s: %w", target.ID, err)
		return DeployResult{}, errors.Join(err, s.record(audit.Entry{Action: "deploy.failed", Kind: "deployment",
			Target: where, After: res.SHA256, Detail: err.Error()}))
	}
	err = s.record(audit.Entry{Action: "bundle.deploy", Kind: "deployment", Target: where, After: res.SHA256,
		Detail: fmt.Sprintf("%s %s; flows %s; to %s", req.Name, req.Version, strings.Join(req.FlowIDs, ", "), res.Location)})
	return res, err
}

// refuseDeploy records a deploy the release gate refused and returns why.
func (s *Service) refuseDeploy(where, flowID string, why error) error {
	err := fmt.Errorf("flow %q: %w", flowID, why)
	if rerr := s.record(audit.Entry{Action: "deploy.refused", Kind: "deployment", Target: where,
		Detail: err.Error()}); rerr != nil {
		return errors.Join(err, rerr)
	}
	return err
}

// RecordRefusal records in the audit trail that s's actor was refused the
// API method (their role does not allow it). Team mode calls it for
// Deploy, so every refused deploy shows in the trail.
func RecordRefusal(s *Service, method, reason string) error {
	return s.record(audit.Entry{Action: "api.refused", Kind: "api", Target: method, Detail: reason})
}

// put writes data as file to the target and says where it went.
func (s *Service) put(ctx context.Context, target DeployTarget, file string, data []byte) (string, error) {
	if target.Kind == TargetCluster {
		ctx, cancel := context.WithTimeout(ctx, clusterDeployTimeout)
		defer cancel()
		c, err := cluster.Connect(ctx, cluster.Config{URL: target.Cluster, BundleBucket: target.BundleBucket, Name: "weft studio"})
		if err != nil {
			return "", err
		}
		defer c.Close()
		info, err := c.PutBundle(ctx, file, data)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%s in %s", info.Name, target.Cluster), nil
	}
	return writeInto(target.Folder, file, data)
}

// writeInto writes data as dir/file through a hidden temporary file
// renamed in place, so a watching runner never reads half a bundle.
func writeInto(dir, file string, data []byte) (string, error) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return "", fmt.Errorf("the bundle folder %s is missing: create it, or start `weft serve --bundles %s`", dir, dir)
	}
	tmp, err := os.CreateTemp(dir, "."+file+".*")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil { // a runner of another user reads it
		return "", err
	}
	path := filepath.Join(dir, file)
	return path, os.Rename(tmp.Name(), path)
}

// deployFileName is NAME.weft with unsafe characters replaced.
func deployFileName(name string) (string, error) {
	base := strings.Trim(unsafeName.ReplaceAllString(name, "-"), "-.")
	if base == "" {
		return "", errors.New("a deploy needs a bundle name")
	}
	return base + ".weft", nil
}

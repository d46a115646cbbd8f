package app

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/weftworks/weft/engine/audit"
	"github.com/weftworks/weft/engine/bundle"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/store"
)

// signingKeyPrefix is the Studio's signing key in its data dir:
// signing.key (0600, never exported) and signing.pub.
const signingKeyPrefix = "signing"

// ErrNoDataDir is returned when signing is asked of a service that has no
// data dir to keep its key in.
var ErrNoDataDir = errors.New("this Studio has no data dir for a signing key")

// ExportRequest asks for a bundle of the saved flows FlowIDs.
type ExportRequest struct {
	FlowIDs []string `json:"flowIds"`
	Name    string   `json:"name"`
	Version string   `json:"version"`
	// Sign signs the bundle with the Studio's key.
	Sign bool `json:"sign"`
	// Task, when set, names the export for "progress" events and
	// CancelTask.
	Task string `json:"task,omitempty"`
}

// BundleFile is a built bundle: a suggested file name, the bytes as
// standard base64, and their lowercase hex sha256.
type BundleFile struct {
	FileName   string `json:"fileName"`
	DataBase64 string `json:"dataBase64"`
	SHA256     string `json:"sha256"`
}

// BundleFlow is one flow of an inspected bundle.
type BundleFlow struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Nodes int    `json:"nodes"`
	// Exists says a saved flow has this id: importing it without a copy
	// saves a new version of that flow.
	Exists bool `json:"exists"`
}

// BundleInfo is what a bundle holds and needs, shown before an import.
type BundleInfo struct {
	Name          string          `json:"name"`
	Version       string          `json:"version"`
	EngineVersion string          `json:"engineVersion"`
	CreatedBy     string          `json:"createdBy"`
	FormatVersion int             `json:"formatVersion"`
	Flows         []BundleFlow    `json:"flows"`
	NodeTypes     []string        `json:"nodeTypes"`
	Connectors    []string        `json:"connectors"`
	Secrets       []bundle.Secret `json:"secrets"`
	// UnknownTypes are node types this Studio does not have.
	UnknownTypes []string `json:"unknownTypes"`
	// Signature is "unsigned", "trusted" (this Studio's key) or
	// "unknown" (signed with another key).
	Signature string `json:"signature"`
}

// ImportRequest asks to save flows of a bundle. Empty FlowIDs imports
// every flow. AsCopy saves each flow under a new id with " (copy)" added
// to its name instead of over a saved flow with the same id.
type ImportRequest struct {
	DataBase64 string   `json:"dataBase64"`
	FlowIDs    []string `json:"flowIds"`
	AsCopy     bool     `json:"asCopy"`
}

// ExportBundle builds a bundle of saved flows, byte-identical to what
// `weft bundle` builds from the same flows, and signs it when asked.
func (s *Service) ExportBundle(req ExportRequest) (file BundleFile, err error) {
	t := s.startTask(req.Task, "export")
	defer func() { s.endTask(t, err) }()
	data, err := s.buildBundle(t, req)
	if err != nil {
		return BundleFile{}, err
	}
	sum := sha256.Sum256(data)
	file = BundleFile{
		FileName:   bundleFileName(req.Name, req.Version),
		DataBase64: base64.StdEncoding.EncodeToString(data),
		SHA256:     hex.EncodeToString(sum[:]),
	}
	err = s.record(audit.Entry{Action: "bundle.export", Kind: "bundle", Target: file.FileName, After: file.SHA256,
		Detail: fmt.Sprintf("flows %s; signed %t", strings.Join(req.FlowIDs, ", "), req.Sign)})
	return file, err
}

// buildBundle builds (and signs, when asked) the bundle req asks for,
// once the release gate lets every flow go, reporting progress to t.
func (s *Service) buildBundle(t *task, req ExportRequest) ([]byte, error) {
	steps := len(req.FlowIDs) + 2
	flows := make([]*flow.Flow, 0, len(req.FlowIDs))
	for i, id := range req.FlowIDs {
		if err := t.step(i, steps); err != nil {
			return nil, err
		}
		f, err := s.store.Flow(id)
		if err != nil {
			return nil, fmt.Errorf("flow %q: %w", id, err)
		}
		if err := s.checkRelease(id); err != nil {
			return nil, fmt.Errorf("flow %q: %w", id, err)
		}
		flows = append(flows, f)
	}
	if err := t.step(len(flows), steps); err != nil {
		return nil, err
	}
	data, err := bundle.Build(flows, bundle.Meta{Name: req.Name, Version: req.Version}, s.reg)
	if err != nil {
		return nil, err
	}
	if err := t.step(len(flows)+1, steps); err != nil {
		return nil, err
	}
	if req.Sign {
		return s.sign(data)
	}
	return data, nil
}

// InspectBundle reads a bundle without saving anything and says what it
// holds and needs.
func (s *Service) InspectBundle(dataBase64 string) (BundleInfo, error) {
	b, err := decodeBundle(dataBase64)
	if err != nil {
		return BundleInfo{}, err
	}
	m := b.Manifest
	info := BundleInfo{Name: m.Name, Version: m.Version, EngineVersion: m.EngineVersion,
		CreatedBy: m.CreatedBy, FormatVersion: m.FormatVersion, Flows: []BundleFlow{},
		NodeTypes: nonNil(m.NodeTypes), Connectors: nonNil(m.Connectors),
		Secrets: m.Secrets, UnknownTypes: []string{}, Signature: s.signatureState(b)}
	if info.Secrets == nil {
		info.Secrets = []bundle.Secret{}
	}
	for _, f := range b.Flows {
		_, err := s.store.Flow(f.ID)
		info.Flows = append(info.Flows, BundleFlow{ID: f.ID, Name: f.Name, Nodes: len(f.Nodes), Exists: err == nil})
	}
	for _, t := range info.NodeTypes {
		if _, ok := s.reg.Spec(t); !ok {
			info.UnknownTypes = append(info.UnknownTypes, t)
		}
	}
	return info, nil
}

// ImportBundle saves the chosen flows of a bundle and returns what was
// saved, in bundle order.
func (s *Service) ImportBundle(req ImportRequest) ([]store.FlowInfo, error) {
	b, err := decodeBundle(req.DataBase64)
	if err != nil {
		return nil, err
	}
	for _, id := range req.FlowIDs {
		if b.Flow(id) == nil {
			return nil, fmt.Errorf("the bundle has no flow %q", id)
		}
	}
	saved := []store.FlowInfo{}
	for _, f := range b.Flows {
		if len(req.FlowIDs) > 0 && !slices.Contains(req.FlowIDs, f.ID) {
			continue
		}
		if req.AsCopy {
			f.ID = "flow-" + message.NewID()[:12]
			f.Name += " (copy)"
		}
		res, err := s.SaveFlow(*f)
		if err != nil {
			return saved, fmt.Errorf("flow %q: %w", f.ID, err)
		}
		saved = append(saved, res.Flow)
	}
	ids := make([]string, len(saved))
	for i, f := range saved {
		ids[i] = f.ID
	}
	raw, _ := base64.StdEncoding.DecodeString(req.DataBase64) // decodeBundle read it
	sum := sha256.Sum256(raw)
	err = s.record(audit.Entry{Action: "bundle.import", Kind: "bundle", Target: b.Manifest.Name + " " + b.Manifest.Version,
		After: hex.EncodeToString(sum[:]), Detail: "flows " + strings.Join(ids, ", ")})
	return saved, err
}

// SigningKey returns the Studio's public signing key as PEM, generating
// the key pair on first use. Give it to servers to check Studio bundles.
func (s *Service) SigningKey() (string, error) {
	if _, err := s.privateKey(); err != nil {
		return "", err
	}
	pub, err := os.ReadFile(s.keyPrefix() + ".pub")
	return string(pub), err
}

func (s *Service) keyPrefix() string {
	return filepath.Join(s.dataDir, signingKeyPrefix)
}

// privateKey loads the signing key, creating it when there is none.
func (s *Service) privateKey() (ed25519.PrivateKey, error) {
	if s.dataDir == "" {
		return nil, ErrNoDataDir
	}
	s.keyMu.Lock()
	defer s.keyMu.Unlock()
	path := s.keyPrefix() + ".key"
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		pub, priv, err := bundle.GenerateKey()
		if err != nil {
			return nil, err
		}
		if err := bundle.WriteKeyPair(s.keyPrefix(), pub, priv); err != nil {
			return nil, err
		}
	}
	return bundle.LoadPrivateKey(path)
}

func (s *Service) sign(data []byte) ([]byte, error) {
	priv, err := s.privateKey()
	if err != nil {
		return nil, err
	}
	return bundle.Sign(data, priv)
}

// signatureState checks b against the Studio's key without creating one.
func (s *Service) signatureState(b *bundle.Bundle) string {
	if b.Signature == nil {
		return "unsigned"
	}
	if s.dataDir != "" {
		if pub, err := bundle.LoadPublicKey(s.keyPrefix() + ".pub"); err == nil && b.Verify(pub) == nil {
			return "trusted"
		}
	}
	return "unknown"
}

func decodeBundle(dataBase64 string) (*bundle.Bundle, error) {
	data, err := base64.StdEncoding.DecodeString(dataBase64)
	if err != nil {
		return nil, fmt.Errorf("not a bundle: %w", err)
	}
	return bundle.Read(data)
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// bundleFileName is "<name>-<version>.weft" with unsafe characters
// replaced.
func bundleFileName(name, version string) string {
	base := strings.Trim(unsafeName.ReplaceAllString(name+"-"+version, "-"), "-.")
	if base == "" {
		base = "bundle"
	}
	return base + ".weft"
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

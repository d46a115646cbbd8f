package bundle

import (
	"encoding/json"
	"fmt"
	"strings"
)

// FormatVersion is the bundle format Build writes. Read accepts every
// version from 1 to FormatVersion.
const FormatVersion = 2

// Fixed entry names.
const (
	ManifestFile  = "manifest.json"
	SignatureFile = "signature"
	flowDir       = "flows/"
	flowExt       = ".flow.json"
)

// Manifest describes a bundle: what it holds and what it needs to run.
type Manifest struct {
	FormatVersion int         `json:"formatVersion"`
	Name          string      `json:"name"`
	Version       string      `json:"version"`
	EngineVersion string      `json:"engineVersion"`
	CreatedBy     string      `json:"createdBy,omitempty"`
	Flows         []FlowEntry `json:"flows"`
	// NodeTypes are the node types the flows use, sorted.
	NodeTypes []string `json:"nodeTypes"`
	// Connectors are the connector families (the part of a node type
	// before the dot), sorted.
	Connectors []string `json:"connectors"`
	// Secrets are the credentials the flows name, sorted by name; the
	// server supplies their values.
	Secrets []Secret `json:"secrets"`
	// Files maps every file of the bundle except manifest.json and
	// signature to its lowercase hex sha256.
	Files map[string]string `json:"files"`
}

// FlowEntry is one flow of a bundle.
type FlowEntry struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	File   string `json:"file"`
	SHA256 string `json:"sha256"`
}

// Secret is a credential a bundle needs: its name, the kinds the nodes
// using it accept when their specs say so, and which nodes use it.
type Secret struct {
	Name        string   `json:"name"`
	Kinds       []string `json:"kinds,omitempty"`
	Description string   `json:"description,omitempty"`
	// UsedBy lists "flowID/nodeID (type)" of every node naming it.
	UsedBy []string `json:"usedBy"`
}

// manifestV1 is format 1 (frozen): flows had "path" instead of "file",
// credentials were a bare list of names, and there were no createdBy or
// connectors.
type manifestV1 struct {
	FormatVersion int    `json:"formatVersion"`
	Name          string `json:"name"`
	Version       string `json:"version"`
	EngineVersion string `json:"engineVersion"`
	Flows         []struct {
		ID     string `json:"id"`
		Name   string `json:"name"`
		Path   string `json:"path"`
		SHA256 string `json:"sha256"`
	} `json:"flows"`
	NodeTypes   []string          `json:"nodeTypes"`
	Credentials []string          `json:"credentials"`
	Files       map[string]string `json:"files"`
}

// decodeManifest parses manifest.json of any supported version into the
// current Manifest.
func decodeManifest(data []byte) (*Manifest, error) {
	var probe struct {
		FormatVersion *int `json:"formatVersion"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, ManifestFile, err)
	}
	switch {
	case probe.FormatVersion == nil:
		return nil, fmt.Errorf("%w: %s: no formatVersion", ErrCorrupt, ManifestFile)
	case *probe.FormatVersion == 1:
		return decodeV1(data)
	case *probe.FormatVersion == FormatVersion:
		var m Manifest
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, ManifestFile, err)
		}
		return &m, nil
	default:
		return nil, fmt.Errorf("%w: %s: format version %d is not supported (this weft reads 1 to %d; a newer weft wrote it?)",
			ErrCorrupt, ManifestFile, *probe.FormatVersion, FormatVersion)
	}
}

// decodeV1 migrates a format 1 manifest to the current one.
func decodeV1(data []byte) (*Manifest, error) {
	var old manifestV1
	if err := json.Unmarshal(data, &old); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, ManifestFile, err)
	}
	m := &Manifest{FormatVersion: 1, Name: old.Name, Version: old.Version, EngineVersion: old.EngineVersion,
		NodeTypes: old.NodeTypes, Files: old.Files, Connectors: families(old.NodeTypes)}
	for _, f := range old.Flows {
		m.Flows = append(m.Flows, FlowEntry{ID: f.ID, Name: f.Name, File: f.Path, SHA256: f.SHA256})
	}
	for _, c := range old.Credentials {
		m.Secrets = append(m.Secrets, Secret{Name: c})
	}
	return m, nil
}

// families returns the sorted, distinct connector families of node types.
func families(types []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range types {
		fam, _, _ := strings.Cut(t, ".")
		if !seen[fam] {
			seen[fam] = true
			out = append(out, fam)
		}
	}
	return sortedCopy(out)
}

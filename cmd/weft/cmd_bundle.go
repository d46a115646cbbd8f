package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/weftworks/weft/app/runner"
	"github.com/weftworks/weft/engine/bundle"
	"github.com/weftworks/weft/engine/flow"
)

// bundleUsage is weft bundle's usage line.
const bundleUsage = "Usage: weft bundle FLOW.json... --name NAME --version VERSION -o FILE.weft [--sign KEYFILE]"

// cmdBundle builds a bundle from flow files: the same flows give the same
// bytes, as Studio's export does.
func cmdBundle(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bundle", flag.ContinueOnError)
	fs.SetOutput(stderr)
	name := fs.String("name", "", "the bundle's `NAME`")
	version := fs.String("version", "", "the bundle's `VERSION`")
	out := fs.String("o", "", "write the bundle to `FILE`")
	key := fs.String("sign", "", "sign with the private key in `KEYFILE`")
	fs.Usage = func() { fmt.Fprintln(stderr, bundleUsage); fs.PrintDefaults() }
	pos, err := parseCommand(fs, args, func(pos []string) bool { return len(pos) == 0 || *out == "" || *name == "" || *version == "" })
	if err != nil {
		return err
	}
	flows := make([]*flow.Flow, 0, len(pos))
	for _, p := range pos {
		f, err := runner.LoadFlow(p)
		if err != nil {
			return err
		}
		flows = append(flows, f)
	}
	data, err := buildBundle(flows, bundle.Meta{Name: *name, Version: *version}, *key)
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s: %d flows, %d bytes%s\n", *out, len(flows), len(data), signedNote(*key))
	return nil
}

func buildBundle(flows []*flow.Flow, meta bundle.Meta, keyPath string) ([]byte, error) {
	reg, err := nodeTypes()
	if err != nil {
		return nil, err
	}
	data, err := bundle.Build(flows, meta, reg)
	if err != nil || keyPath == "" {
		return data, err
	}
	priv, err := bundle.LoadPrivateKey(keyPath)
	if err != nil {
		return nil, err
	}
	return bundle.Sign(data, priv)
}

func signedNote(key string) string {
	if key == "" {
		return ""
	}
	return ", signed"
}

// cmdInspect prints a bundle's manifest, flows, requirements and signature
// state; with --key a bad or missing signature fails.
func cmdInspect(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("inspect", flag.ContinueOnError)
	fs.SetOutput(stderr)
	key := fs.String("key", "", "check the signature against the public key in `PUBFILE`")
	fs.Usage = func() { fmt.Fprintln(stderr, "Usage: weft inspect FILE.weft [--key PUBFILE]"); fs.PrintDefaults() }
	pos, err := parseCommand(fs, args, func(pos []string) bool { return len(pos) != 1 })
	if err != nil {
		return err
	}
	b, err := runner.LoadBundle(pos[0])
	if err != nil {
		return err
	}
	printManifest(stdout, b.Manifest)
	state, verr := signatureState(b, *key)
	fmt.Fprintf(stdout, "signature:  %s\n", state)
	if verr != nil {
		return &exitError{code: 1, msg: fmt.Sprintf("%s: %v", pos[0], verr)}
	}
	return nil
}

func printManifest(w io.Writer, m *bundle.Manifest) {
	fmt.Fprintf(w, "bundle:     %s %s (format %d)\n", m.Name, m.Version, m.FormatVersion)
	fmt.Fprintf(w, "engine:     %s\n", m.EngineVersion)
	if m.CreatedBy != "" {
		fmt.Fprintf(w, "created by: %s\n", m.CreatedBy)
	}
	fmt.Fprintf(w, "flows:      %d\n", len(m.Flows))
	for _, f := range m.Flows {
		fmt.Fprintf(w, "  %s %q  %s  sha256:%s\n", f.ID, f.Name, f.File, short(f.SHA256))
	}
	fmt.Fprintf(w, "node types: %s\n", listOrNone(m.NodeTypes))
	fmt.Fprintf(w, "connectors: %s\n", listOrNone(m.Connectors))
	fmt.Fprintf(w, "secrets:    %d\n", len(m.Secrets))
	for _, s := range m.Secrets {
		kinds := ""
		if len(s.Kinds) > 0 {
			kinds = " (" + strings.Join(s.Kinds, "|") + ")"
		}
		fmt.Fprintf(w, "  %s%s  used by %s\n", s.Name, kinds, listOrNone(s.UsedBy))
	}
}

// signatureState describes the signature; the error is set when a key was
// given and the signature does not hold.
func signatureState(b *bundle.Bundle, keyPath string) (string, error) {
	if keyPath == "" {
		if b.Signature == nil {
			return "unsigned", nil
		}
		return "signed (not checked: no --key)", nil
	}
	pub, err := bundle.LoadPublicKey(keyPath)
	if err != nil {
		return "not checked", err
	}
	switch err := b.Verify(pub); {
	case err == nil:
		return "valid (" + keyPath + ")", nil
	case errors.Is(err, bundle.ErrUnsigned):
		return "unsigned", err
	default:
		return "INVALID for " + keyPath, err
	}
}

func short(sum string) string {
	if len(sum) > 12 {
		return sum[:12]
	}
	return sum
}

func listOrNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

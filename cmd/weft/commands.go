package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/weftworks/weft/engine/buildinfo"
)

// command is one weft command: its name, a one-line summary for the
// overview, and what runs it. Its usage is its own flag set's (the
// overview and doc.go are derived from it, see synopsis).
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

// plain adapts a command that needs no context.
func plain(f func(args []string, stdout, stderr io.Writer) error) func(context.Context, []string, io.Writer, io.Writer) error {
	return func(_ context.Context, args []string, stdout, stderr io.Writer) error { return f(args, stdout, stderr) }
}

// commands lists weft's commands in the order the overview shows them.
var commands = []command{
	{"run", "run a flow (a bundle's only flow, or --flow ID); debug nodes print NDJSON on stdout", cmdRun},
	{"serve", "run every bundle of a folder; hot-deploy the ones copied in, replaced or removed; --cluster shares the work over NATS JetStream", cmdServe},
	{"validate", "print every problem of each flow", plain(cmdValidate)},
	{"map", "map records (stdin to stdout NDJSON by default)", cmdMap},
	{"preview", "print a mapping's preview as JSON", cmdPreview},
	{"test", "run mapping test cases", cmdTest},
	{"bundle", "build a deterministic bundle (see docs/bundle-format.md)", plain(cmdBundle)},
	{"inspect", "print a bundle's manifest, requirements and signature state", plain(cmdInspect)},
	{"keygen", "write a signing key pair PREFIX.key (0600) and PREFIX.pub", plain(cmdKeygen)},
	{"sign", "add or replace a bundle's signature", plain(cmdSign)},
	{"verify", "check a bundle's checksums and signature", plain(cmdVerify)},
	{"diff", "what changed between two bundles or flow files", plain(cmdDiff)},
	{"deploy", "change the bundle set every weft serve --cluster runner serves", cmdDeploy},
	{"deadletters", "inspect, replay or drop the messages whose work kept failing", plain(cmdDeadLetters)},
	{"studio", "serve Weft Studio to a browser", cmdStudio},
	{"audit", "check or export Studio's hash-chained audit trail", plain(cmdAudit)},
	{"version", "print the version", plain(cmdVersion)},
}

// lookup returns the command called name.
func lookup(name string) (command, bool) {
	i := slices.IndexFunc(commands, func(c command) bool { return c.name == name })
	if i < 0 {
		return command{}, false
	}
	return commands[i], true
}

// wantsHelp reports whether args ask for help (-h, -help or --help
// before a "--").
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help":
			return true
		}
	}
	return false
}

// help prints c's usage, as its flag set writes it for -h, to w.
func (c command) help(w io.Writer) {
	_ = c.run(context.Background(), []string{"-h"}, w, w)
}

// optional matches a bracketed option of a usage line: "[--flow ID]".
var optional = regexp.MustCompile(`\s*\[-[^\]]*\]`)

// synopsis is c's usage line without "Usage: " and with its optional
// flags folded into "[flags]": "weft run FLOW.json|BUNDLE.weft [flags]".
func (c command) synopsis() string {
	var b bytes.Buffer
	c.help(&b)
	line, _, _ := strings.Cut(b.String(), "\n")
	line = strings.TrimPrefix(line, "Usage: ")
	if short := optional.ReplaceAllString(line, ""); short != line {
		line = short + " [flags]"
	}
	return line
}

// overview is weft's usage: every command's synopsis and summary.
func overview() string {
	var b strings.Builder
	b.WriteString("weft — the Weft runner\n\nUsage:\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  %s\n      %s\n", c.synopsis(), c.summary)
	}
	b.WriteString("\n`weft COMMAND --help` prints a command's usage and flags.\n")
	return b.String()
}

func cmdVersion(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprintln(stderr, "Usage: weft version") }
	if _, err := parseCommand(fs, args, func(pos []string) bool { return len(pos) != 0 }); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "weft %s\n", buildinfo.Version)
	return nil
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/weftworks/weft/app/runner"
	"github.com/weftworks/weft/connectors/all"
	"github.com/weftworks/weft/engine/buildinfo"
)

// exitError carries a process exit code; its message, if any, has already
// been printed or is printed by main.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

const usage = `weft — the Weft runner

Usage:
  weft run FLOW.json|BUNDLE.weft [--flow ID] [--require-signature PUB]
                               run a flow (a bundle's only flow, or --flow ID);
                               debug nodes print NDJSON on stdout;
                               credentials come from WEFT_CREDENTIAL_<X>='{"name","kind","fields"}'
  weft serve --bundles DIR [--listen ADDR] [--require-signature PUB]
                               run every bundle in DIR; hot-deploy the ones copied in,
                               replaced or removed; GET /status lists them
  weft serve --cluster nats://HOST:4222|FILE.json [--bundles DIR] ...
                               share the work with every runner of the NATS JetStream cluster
  weft deploy FILE.weft... --cluster nats://HOST:4222|FILE.json [--remove] [--list]
                               change the bundle set every runner of the cluster serves
  weft validate FLOW.json|BUNDLE.weft...
                               print every problem of each flow
  weft map MAPPING.json [--input FILE] [--format ndjson|json|csv|xml] [--workers N]
                               map records (stdin to stdout NDJSON by default)
  weft preview MAPPING.json --input FILE [--format F] [--limit N]
                               print a mapping's preview as JSON
  weft test FLOW.json|BUNDLE.weft|MAPPING.json [--junit FILE]
                               run mapping test cases
  weft bundle FLOW.json... --name N --version V -o FILE.weft [--sign KEY]
                               build a deterministic bundle (see docs/bundle-format.md)
  weft inspect FILE.weft [--key PUB]
                               print a bundle's manifest, requirements and signature state
  weft keygen -o PREFIX        write a signing key pair PREFIX.key (0600) and PREFIX.pub
  weft sign FILE.weft --key KEY [-o OUT]
                               add or replace a bundle's signature
  weft verify FILE.weft --key PUB
                               check a bundle's checksums and signature
  weft diff A B                what changed between two bundles or flow files
  weft deadletters list|show ID|replay ID...|--all|purge ID...|--all [--spool FILE|--cluster URL] [--flow SCOPE]
                               inspect, replay or drop the messages whose work kept failing
  weft studio [flags]          serve Weft Studio (see weft studio -h)
  weft audit verify|export [--db FILE]
                               check or export Studio's hash-chained audit trail
  weft version                 print the version
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one command and returns the process exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "run":
		err = cmdRun(ctx, args[1:], stdout, stderr)
	case "serve":
		err = cmdServe(ctx, args[1:], stdout, stderr)
	case "validate":
		err = cmdValidate(args[1:], stdout, stderr)
	case "map":
		err = cmdMap(ctx, args[1:], stdout, stderr)
	case "preview":
		err = cmdPreview(ctx, args[1:], stdout, stderr)
	case "test":
		err = cmdTest(ctx, args[1:], stdout, stderr)
	case "bundle":
		err = cmdBundle(args[1:], stdout, stderr)
	case "inspect":
		err = cmdInspect(args[1:], stdout, stderr)
	case "keygen":
		err = cmdKeygen(args[1:], stdout, stderr)
	case "sign":
		err = cmdSign(args[1:], stdout, stderr)
	case "verify":
		err = cmdVerify(args[1:], stdout, stderr)
	case "diff":
		err = cmdDiff(args[1:], stdout, stderr)
	case "deploy":
		err = cmdDeploy(ctx, args[1:], stdout, stderr)
	case "deadletters":
		err = cmdDeadLetters(args[1:], stdout, stderr)
	case "studio":
		err = cmdStudio(ctx, args[1:], stdout, stderr)
	case "audit":
		err = cmdAudit(args[1:], stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintf(stdout, "weft %s\n", buildinfo.Version)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "weft: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	return exitCode(err, stderr)
}

func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	if e, ok := err.(*exitError); ok {
		if e.msg != "" {
			fmt.Fprintf(stderr, "weft: %s\n", e.msg)
		}
		return e.code
	}
	fmt.Fprintf(stderr, "weft: %v\n", err)
	if errors.Is(err, runner.ErrUsage) {
		return 2
	}
	return 1
}

// nodeTypes is every node type the runner ships, built once per process
// (its specs and factories never change after).
var nodeTypes = sync.OnceValues(all.Registry)

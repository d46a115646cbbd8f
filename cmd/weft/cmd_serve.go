package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/weftworks/weft/app/runner"
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
	env, err := runnerEnv(sf.runFlags, "serve", stdout, stderr)
	if err != nil {
		return err
	}
	return runner.Serve(ctx, env, sf.dir, sf.Settings)
}

func parseServeFlags(args []string, stderr io.Writer) (serveFlags, error) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var sf serveFlags
	fs.StringVar(&sf.dir, "bundles", "", "serve every .weft bundle in `DIR` and follow its changes (required without --cluster)")
	fs.StringVar(&sf.Cluster, "cluster", os.Getenv("WEFT_CLUSTER"), "share accepted messages, dead letters, schedules and (without --bundles) the bundle set with the runners of the NATS JetStream cluster at `URL` (nats://host:4222,…) or described by a JSON config file (default $WEFT_CLUSTER)")
	fs.StringVar(&sf.Listen, "listen", runner.DefaultListen, "serve webhooks, /status and the ops endpoints on `ADDR`")
	fs.StringVar(&sf.Ops, "ops", "", "serve /status, /healthz, /readyz and /metrics on `ADDR` instead")
	addServerFlags(fs, &sf.runFlags, "how long a replaced or removed bundle, or every bundle on SIGTERM, may take to finish its work")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: weft serve --bundles DIR|--cluster URL|FILE [--listen ADDR] [--ops ADDR] [--require-signature PUBFILE] [--env FILE] [--secrets DIR] [--state FILE] [--spool FILE] [--retries N] [--retry-backoff DURATION] [--drain DURATION] [--log-format json|text]")
		fmt.Fprintln(stderr, "Runs every flow of every .weft file in DIR. A new file starts; a replaced one is swapped in once it")
		fmt.Fprintln(stderr, "validates and listens (the old version finishes what it took); a removed one drains and stops. A bundle")
		fmt.Fprintln(stderr, "that fails is refused with a log line and the previous version keeps serving. GET /status lists them.")
		fs.PrintDefaults()
	}
	_, err := parseCommand(fs, args, func(pos []string) bool { return len(pos) != 0 || sf.dir == "" && sf.Cluster == "" })
	return sf, err
}

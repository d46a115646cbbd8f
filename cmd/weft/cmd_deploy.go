package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/weftworks/weft/app/runner"
)

func cmdDeploy(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("deploy", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var clusterArg string
	var remove, list bool
	fs.StringVar(&clusterArg, "cluster", os.Getenv("WEFT_CLUSTER"), "the NATS JetStream cluster at `URL` (nats://host:4222,…) or described by a JSON config file (default $WEFT_CLUSTER)")
	fs.BoolVar(&remove, "remove", false, "take the named bundles (NAME.weft) out of the set instead")
	fs.BoolVar(&list, "list", false, "print the set: name, size, time stored, digest")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: weft deploy FILE.weft...|--list --cluster URL|FILE [--remove]")
		fmt.Fprintln(stderr, "Stores each bundle in the cluster's bundle set (a JetStream object store, by file name): every")
		fmt.Fprintln(stderr, "weft serve --cluster without --bundles deploys it, as if it were copied into its folder.")
		fs.PrintDefaults()
	}
	files, err := parseCommand(fs, args, func(pos []string) bool { return clusterArg == "" || list == (len(pos) > 0) })
	if err != nil {
		return err
	}
	if list {
		return runner.ListClusterBundles(ctx, clusterArg, stdout)
	}
	return runner.Deploy(ctx, clusterArg, files, remove, stdout)
}

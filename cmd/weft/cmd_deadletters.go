package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/weftworks/weft/app/runner"
	"github.com/weftworks/weft/engine/spool"
)

const deadLettersUsage = "Usage: weft deadletters list|show ID|replay ID...|--all|purge ID...|--all [--spool FILE | --server URL | --cluster URL|FILE] [--flow SCOPE] [--json]"

// deadLetterFlags are weft deadletters' options.
type deadLetterFlags struct {
	spool   string // the spool file
	server  string // a running weft's ops URL, instead of the file
	cluster string // a NATS JetStream cluster (weft serve --cluster)
	scope   string // only this flow's dead letters
	all     bool   // replay or purge every dead letter (of --flow)
	json    bool   // list as JSON
}

func cmdDeadLetters(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("deadletters", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var df deadLetterFlags
	fs.StringVar(&df.spool, "spool", "", "the spool `FILE` (default $WEFT_SPOOL, else weft run's default)")
	fs.StringVar(&df.server, "server", "", "work through the running weft serving its ops endpoints at `URL` (e.g. http://127.0.0.1:8080) instead of the file")
	fs.StringVar(&df.cluster, "cluster", "", "work on the dead letters of the runners of the NATS JetStream cluster at `URL` or described by a JSON config file (weft serve --cluster)")
	fs.StringVar(&df.scope, "flow", "", "only the dead letters of the flow `SCOPE` (a flow id, or bundle/flow under weft serve)")
	fs.BoolVar(&df.all, "all", false, "replay or purge every dead letter (of --flow)")
	fs.BoolVar(&df.json, "json", false, "list as JSON")
	fs.Usage = func() {
		fmt.Fprintln(stderr, deadLettersUsage)
		fmt.Fprintln(stderr, "A running weft holds its spool file: reach it with --server (its ops address, loopback only); replayed")
		fmt.Fprintln(stderr, "messages are then delivered at once. With the runner stopped, --spool works on the file and replayed")
		fmt.Fprintln(stderr, "messages are delivered when it starts again.")
		fs.PrintDefaults()
	}
	pos, err := parseCommand(fs, args, func(pos []string) bool { return len(pos) == 0 })
	if err != nil {
		return err
	}
	var sp runner.DeadLetters
	if df.cluster != "" {
		sp, err = runner.ConnectCluster(context.Background(), df.cluster, nil)
	} else {
		sp, err = runner.OpenDeadLetters(df.spool, df.server)
	}
	if err != nil {
		return err
	}
	defer sp.Close()
	verb, ids := pos[0], pos[1:]
	switch verb {
	case "list":
		return listDeadLetters(sp, df, stdout)
	case "show":
		if len(ids) != 1 {
			return &exitError{code: 2, msg: "deadletters show needs one message id"}
		}
		return showDeadLetter(sp, ids[0], stdout)
	case "replay", "purge":
		return changeDeadLetters(sp, verb, ids, df, stdout)
	}
	return &exitError{code: 2, msg: fmt.Sprintf("deadletters: unknown action %q\n%s", verb, deadLettersUsage)}
}

func listDeadLetters(sp runner.DeadLetters, df deadLetterFlags, stdout io.Writer) error {
	list, err := sp.ListDeadLetters(df.scope)
	if err != nil {
		return err
	}
	if df.json {
		if list == nil {
			list = []spool.DeadLetter{}
		}
		return writeIndented(stdout, list)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tFLOW\tNODE\tATTEMPTS\tLAST ERROR\tTIME")
	for _, d := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", d.ID, d.Scope, d.Node, d.Attempts,
			oneLine(d.Error, 80), d.LastFailure.UTC().Format(time.RFC3339))
	}
	return tw.Flush()
}

func showDeadLetter(sp runner.DeadLetters, id string, stdout io.Writer) error {
	d, err := sp.DeadLetter(id)
	if errors.Is(err, spool.ErrNotFound) {
		return &exitError{code: 1, msg: err.Error()}
	}
	if err != nil {
		return err
	}
	return writeIndented(stdout, d)
}

// changeDeadLetters replays or purges the dead letters ids names, or with
// --all every one (of --flow).
func changeDeadLetters(sp runner.DeadLetters, verb string, ids []string, df deadLetterFlags, stdout io.Writer) error {
	if df.all == (len(ids) > 0) {
		return &exitError{code: 2, msg: fmt.Sprintf("deadletters %s needs message ids or --all", verb)}
	}
	if df.all {
		list, err := sp.ListDeadLetters(df.scope)
		if err != nil {
			return err
		}
		for _, d := range list {
			ids = append(ids, d.ID)
		}
	}
	change, done := sp.Replay, "replayed"
	if verb == "purge" {
		change, done = sp.Purge, "purged"
	}
	if err := change(ids...); err != nil {
		if errors.Is(err, spool.ErrNotFound) {
			return &exitError{code: 1, msg: err.Error() + "; nothing changed"}
		}
		return err
	}
	fmt.Fprintf(stdout, "%s %d dead letter(s)\n", done, len(ids))
	return nil
}

func writeIndented(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// oneLine is s on one line, cut to at most n runes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

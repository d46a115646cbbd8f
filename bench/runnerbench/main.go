package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"syscall"
	"time"
)

// pinnedEnv marks the process re-executed on the load CPU.
const pinnedEnv = "RUNNERBENCH_PINNED"

// options are runnerbench's flags.
type options struct {
	weft      string        // the weft binary
	flowFile  string        // the benchmark's flow
	duration  time.Duration // wrk -d
	warmup    time.Duration // an unmeasured wrk run before the measured one
	conns     int           // wrk -c
	starts    int           // start-ups per server; the median is printed
	rounds    int           // loads per server, alternating; the medians are printed
	items     int           // line items in the posted order
	serverCPU int           // where the servers run
	loadCPU   int           // where wrk and this program run
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "runnerbench: %v\n", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	o, err := parseFlags(args)
	if err != nil {
		return err
	}
	if err := needTools(); err != nil {
		return err
	}
	if err := pinSelf(o.loadCPU); err != nil {
		return err
	}
	return bench(o)
}

func parseFlags(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("runnerbench", flag.ContinueOnError)
	fs.StringVar(&o.weft, "weft", "bin/weft", "the weft `binary`")
	fs.StringVar(&o.flowFile, "flow", "testdata/flows/bench-orders-webhook.flow.json", "the benchmark's flow `file`")
	fs.DurationVar(&o.duration, "d", 10*time.Second, "how long wrk loads each server")
	fs.DurationVar(&o.warmup, "warmup", time.Second, "an unmeasured wrk run before the measured one (0: none)")
	fs.IntVar(&o.conns, "c", 16, "wrk connections")
	fs.IntVar(&o.starts, "starts", 5, "start-ups per server (the median is printed)")
	fs.IntVar(&o.rounds, "rounds", 1, "wrk runs per server, alternating between servers (the medians are printed; more rounds for a busy machine)")
	fs.IntVar(&o.items, "items", 3, "line items in the posted order")
	fs.IntVar(&o.serverCPU, "server-cpu", 0, "the CPU the servers are pinned to")
	fs.IntVar(&o.loadCPU, "load-cpu", 1, "the CPU wrk and this program are pinned to")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if o.starts < 1 || o.rounds < 1 || o.conns < 1 || o.items < 1 || o.duration < time.Second {
		return o, errors.New("-starts, -rounds, -c and -items must be at least 1 and -d at least 1s")
	}
	// Once pinned, this process sees only the load CPU: check before.
	pinned := os.Getenv(pinnedEnv) != ""
	if !pinned && (runtime.NumCPU() <= max(o.serverCPU, o.loadCPU) || o.serverCPU == o.loadCPU) {
		return o, fmt.Errorf("-server-cpu %d and -load-cpu %d must be two different CPUs of this machine's %d",
			o.serverCPU, o.loadCPU, runtime.NumCPU())
	}
	return o, nil
}

// needTools fails, saying how to install them, when wrk or taskset is
// missing.
func needTools() error {
	var missing []string
	for _, tool := range []string{"wrk", "taskset", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			missing = append(missing, tool)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%s not found on PATH: run build/scripts/setup.sh, which installs wrk "+
			"(the Debian package wrk; taskset comes with util-linux, go from go.dev)", strings.Join(missing, ", "))
	}
	return nil
}

// pinSelf re-executes this program on the load CPU, so that its polling
// during start-ups never competes with the server for its CPU.
func pinSelf(cpu int) error {
	if os.Getenv(pinnedEnv) != "" {
		return nil
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	taskset, err := exec.LookPath("taskset")
	if err != nil {
		return err
	}
	argv := append([]string{"taskset", "-c", fmt.Sprint(cpu), self}, os.Args[1:]...)
	return syscall.Exec(taskset, argv, append(os.Environ(), pinnedEnv+"=1"))
}

func bench(o options) error {
	dir, err := os.MkdirTemp("", "runnerbench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	order := generateOrder(o.items)
	lua := filepath.Join(dir, "post.lua")
	if err := os.WriteFile(lua, postScript(order), 0o600); err != nil {
		return err
	}
	servers, err := prepare(o, dir)
	if err != nil {
		return err
	}
	starts := make([]startStats, len(servers))
	for i, s := range servers {
		if starts[i], err = measureStarts(s, o, order); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
	}
	if err := sameAnswers(servers, starts); err != nil {
		return err
	}
	rounds := make([][]loadStats, len(servers))
	for range o.rounds {
		for i, s := range servers {
			if !s.load {
				continue
			}
			ld, err := measureLoad(s, o, order, lua)
			if err != nil {
				return fmt.Errorf("%s: %w", s.name, err)
			}
			rounds[i] = append(rounds[i], ld)
		}
	}
	loads := make([]loadStats, len(servers))
	for i, r := range rounds {
		loads[i] = medianLoad(r)
	}
	printTable(os.Stdout, o, len(order), servers, starts, loads)
	return nil
}

// sameAnswers fails unless every server answered the order with the
// baseline's JSON value.
func sameAnswers(servers []server, starts []startStats) error {
	var want any
	if err := json.Unmarshal(starts[0].body, &want); err != nil {
		return fmt.Errorf("%s: the answer is not JSON: %w", servers[0].name, err)
	}
	for i := 1; i < len(servers); i++ {
		var got any
		if err := json.Unmarshal(starts[i].body, &got); err != nil {
			return fmt.Errorf("%s: the answer is not JSON: %w", servers[i].name, err)
		}
		if !reflect.DeepEqual(want, got) {
			return fmt.Errorf("%s answered %s, %s answered %s", servers[i].name, bytes.TrimSpace(starts[i].body),
				servers[0].name, bytes.TrimSpace(starts[0].body))
		}
	}
	return nil
}

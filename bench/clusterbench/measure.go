package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"
)

// clockTick is the unit of /proc/PID/stat's utime and stime (USER_HZ,
// 100 on Linux).
const clockTick = 10 * time.Millisecond

// runnersCPU is the user+system time the runners used so far.
func runnersCPU(rs []*runner) time.Duration {
	var total time.Duration
	for _, r := range rs {
		total += procCPU(r.cmd.Process.Pid)
	}
	return total
}

// procCPU reads a process's user+system time from /proc (0 elsewhere).
func procCPU(pid int) time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The fields after the command name, which may hold spaces: state is
	// the first, utime the 12th and stime the 13th.
	s := string(data)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 13 {
		return 0
	}
	ut, _ := strconv.ParseInt(fields[11], 10, 64)
	st, _ := strconv.ParseInt(fields[12], 10, 64)
	return time.Duration(ut+st) * clockTick
}

// selfCPU is this process's user+system time so far.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func printTable(o options, rs []result) {
	fmt.Printf("weft serve --cluster: %d messages per round (webhook accepted → HTTP request to a sink), %d clients, 3 NATS servers (R3 streams), %d CPUs\n\n",
		o.msgs, o.clients, runtime.NumCPU())
	tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "runners\tmsg/s\tvs N=1\trunners CPU µs/msg\tNATS+load CPU µs/msg\ttotal CPU µs/msg\t")
	base := rate(o, rs[0])
	for _, r := range rs {
		per := func(d time.Duration) string { return fmt.Sprintf("%.0f", float64(d.Microseconds())/float64(o.msgs)) }
		fmt.Fprintf(tw, "%d\t%.0f\t%.2fx\t%s\t%s\t%s\t\n", r.runners, rate(o, r), rate(o, r)/base,
			per(r.runnerCPU), per(r.selfCPU), per(r.runnerCPU+r.selfCPU))
	}
	_ = tw.Flush()
	fmt.Print(`
Reading it: a runner's webhook hands its messages to JetStream one at a
time, each waiting for the stream to store it on two of the three NATS
servers, so one runner is bound by that round trip more than by CPU; each
further runner adds a pipeline. Here every process (3 NATS servers, the
clients, the sink, the runners) shares this machine's CPUs, so the ratio
stops growing once they are busy: from there CPU per message is the number
to compare. On real machines, one runner per machine and NATS on its own,
the runners share nothing but the flow's stream: throughput grows about
linearly with N until the stream's leader (every publish and ack of one
flow goes through it and is copied to two followers) or the load balancer
in front of the webhooks saturates; past that, split the load over several
flows (one stream each) or give the NATS servers faster disks.
`)
}

func rate(o options, r result) float64 { return float64(o.msgs) / r.elapsed.Seconds() }

package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// readyTimeout is how long a server may take to answer its first request.
const readyTimeout = 10 * time.Second

// errExited is returned when a server ends before it answered.
var errExited = errors.New("the server exited")

// process is a started server.
type process struct {
	cmd     *exec.Cmd
	url     string
	log     string
	started time.Time
	done    chan struct{} // closed when the process has ended
}

// start runs s pinned to cpu on a free loopback port.
func start(s server, cpu int) (*process, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	logFile, err := os.Create(s.log)
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	argv := append([]string{"taskset", "-c", strconv.Itoa(cpu)}, s.argv(addr)...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = io.Discard, logFile
	p := &process{cmd: cmd, url: "http://" + addr + s.path, log: s.log, done: make(chan struct{})}
	p.started = time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() { _ = cmd.Wait(); close(p.done) }()
	return p, nil
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// waitReady POSTs body in a tight loop until the server answers 200; it
// returns the answer and the time from exec to that answer.
func (p *process) waitReady(body []byte) ([]byte, time.Duration, error) {
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: readyTimeout}
	for time.Since(p.started) < readyTimeout {
		select {
		case <-p.done:
			return nil, 0, fmt.Errorf("%w: %s", errExited, p.logTail())
		default:
		}
		resp, err := client.Post(p.url, "application/json", bytes.NewReader(body))
		if err != nil {
			continue
		}
		answer, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err == nil && resp.StatusCode == http.StatusOK {
			return answer, time.Since(p.started), nil
		}
	}
	return nil, 0, fmt.Errorf("no 200 answer from %s within %s: %s", p.url, readyTimeout, p.logTail())
}

// stop sends SIGTERM and waits; a server still running after 15s is
// killed.
func (p *process) stop() {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(15 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

// memory reads a field of /proc/PID/status ("VmRSS", "VmHWM") in bytes.
func (p *process) memory(field string) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), field+":")
		if !ok {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
		return kb * 1024, err
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", field, p.cmd.Process.Pid)
}

// clockTick is the unit of /proc/PID/stat's times (USER_HZ, 100 on
// Linux).
const clockTick = 10 * time.Millisecond

// cpuTime is the CPU time (user and system, all threads) the server has
// used so far.
func (p *process) cpuTime() (time.Duration, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	// The command name, in parentheses, may hold anything; the fields
	// after its last ")" are numbers.
	end := bytes.LastIndexByte(data, ')')
	f := strings.Fields(string(data[end+1:]))
	if end < 0 || len(f) < 13 {
		return 0, fmt.Errorf("unexpected /proc/%d/stat: %q", p.cmd.Process.Pid, data)
	}
	// utime and stime are fields 14 and 15 of stat, the 12th and 13th
	// after the name.
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0, err
	}
	return time.Duration(utime+stime) * clockTick, nil
}

// logTail is the end of the server's stderr, for error messages.
func (p *process) logTail() string {
	data, _ := os.ReadFile(p.log)
	const keep = 2000
	if len(data) > keep {
		data = data[len(data)-keep:]
	}
	return string(bytes.TrimSpace(data))
}

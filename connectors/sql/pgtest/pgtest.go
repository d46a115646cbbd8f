package pgtest

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// Password is the superuser's password.
const Password = "weft-test"

// Cluster is a running throw-away PostgreSQL server.
type Cluster struct {
	Port       int
	dir, data  string
	bin        string
	asPostgres bool
}

// Start initdbs and starts a cluster.
func Start() (*Cluster, error) {
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(bins) == 0 {
		return nil, &os.PathError{Op: "find", Path: "/usr/lib/postgresql/*/bin/initdb", Err: os.ErrNotExist}
	}
	dir, err := os.MkdirTemp("", "weft-pgtest-")
	if err != nil {
		return nil, err
	}
	c := &Cluster{dir: dir, data: filepath.Join(dir, "data"), bin: filepath.Dir(bins[len(bins)-1]), asPostgres: os.Geteuid() == 0}
	if err := c.start(); err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	return c, nil
}

func (c *Cluster) start() error {
	pwfile := filepath.Join(c.dir, "pw")
	if err := os.WriteFile(pwfile, []byte(Password+"\n"), 0o644); err != nil {
		return err
	}
	if err := c.own(); err != nil {
		return err
	}
	var err error
	if c.Port, err = FreePort(); err != nil {
		return err
	}
	if err := c.pg("initdb", "-D", c.data, "-U", "postgres", "-A", "scram-sha-256", "--pwfile", pwfile, "-E", "UTF8", "--no-sync"); err != nil {
		return err
	}
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off", c.Port, c.dir)
	if err := c.pg("pg_ctl", "-D", c.data, "-o", opts, "-l", filepath.Join(c.dir, "log"), "-w", "-t", "60", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(c.dir, "log"))
		return fmt.Errorf("%w\n%s", err, log)
	}
	return nil
}

// DSN is the URL of database db as the superuser with password.
func (c *Cluster) DSN(db, password string) string {
	u := url.URL{Scheme: "postgres", User: url.UserPassword("postgres", password),
		Host: "127.0.0.1:" + strconv.Itoa(c.Port), Path: "/" + db, RawQuery: "sslmode=disable"}
	return u.String()
}

// Stop stops the server and removes its directory.
func (c *Cluster) Stop() {
	_ = c.pg("pg_ctl", "-D", c.data, "-m", "immediate", "-w", "stop")
	_ = os.RemoveAll(c.dir)
}

// StartOrSkip starts a cluster stopped at the end of t, skipping t when
// PostgreSQL is not installed (failing under CI).
func StartOrSkip(t testing.TB) *Cluster {
	t.Helper()
	c, err := Start()
	if err != nil {
		if os.IsNotExist(err) && os.Getenv("CI") == "" {
			t.Skipf("PostgreSQL is not installed (run build/scripts/setup.sh): %v", err)
		}
		t.Fatalf("start PostgreSQL: %v", err)
	}
	t.Cleanup(c.Stop)
	return c
}

// own hands the directory to the postgres user when running as root.
func (c *Cluster) own() error {
	if !c.asPostgres {
		return nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return err
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return os.Chown(c.dir, uid, gid)
}

// pg runs a PostgreSQL program, as the postgres user when root.
func (c *Cluster) pg(prog string, args ...string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	path := filepath.Join(c.bin, prog)
	cmd := exec.CommandContext(ctx, path, args...)
	if c.asPostgres {
		cmd = exec.CommandContext(ctx, "runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
	}
	cmd.Dir = c.dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s: %w\n%s", prog, err, out)
	}
	return nil
}

// FreePort returns a loopback TCP port that was free a moment ago.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

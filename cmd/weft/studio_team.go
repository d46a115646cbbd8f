package main

import (
	"bufio"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"

	"github.com/weftworks/weft/app"
	"github.com/weftworks/weft/app/httpapi"
	"github.com/weftworks/weft/app/team"
	"github.com/weftworks/weft/frontend"
)

// studioAPI returns the handler of Studio's API and pages: single-user
// (guarded by token when set) or, with teamMode, team mode.
func studioAPI(studio *app.Studio, teamMode bool, adminUser, token string, logger *slog.Logger, stdin io.Reader, stdout io.Writer) (http.Handler, error) {
	opts := httpapi.Options{Token: token, Assets: frontend.Dist(), Logger: logger}
	if !teamMode {
		return httpapi.New(studio.Service, studio.Hub, opts), nil
	}
	t, err := team.Open(studio.Store.DB(), studio.Store.FlowDigest)
	if err != nil {
		return nil, err
	}
	t.OnDeleteUser(app.ForgetWorkspace)
	if err := bootstrapAdmin(t, adminUser, stdin, stdout); err != nil {
		return nil, err
	}
	app.SetReleaseGate(studio.Service, t)
	opts.Token = ""
	return httpapi.NewTeam(studio.Service, t, studio.Hub, opts), nil
}

// warnPlainHTTP warns that passwords and session cookies cross the
// network in clear text when team mode listens beyond loopback.
func warnPlainHTTP(addr string, stderr io.Writer) {
	if httpapi.CheckListen(addr, "") != nil {
		fmt.Fprintf(stderr, "weft: warning: team mode on %s speaks plain HTTP; put a TLS proxy in front, or passwords and sessions can be read on the network\n", addr)
	}
}

// bootstrapAdmin creates the first admin when the team has no user yet.
// The password comes from $WEFT_ADMIN_PASSWORD, else one line of stdin.
func bootstrapAdmin(t *team.Team, adminUser string, stdin io.Reader, stdout io.Writer) error {
	has, err := t.HasUsers()
	if err != nil || has {
		return err
	}
	if adminUser == "" {
		return &exitError{code: 2, msg: "team mode has no users yet: start it once with --admin-user NAME to create the first admin"}
	}
	password := os.Getenv("WEFT_ADMIN_PASSWORD")
	if password == "" {
		fmt.Fprintf(stdout, "Password for the first admin %q (at least %d characters): ", adminUser, team.MinPasswordLen)
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && line == "" {
			return fmt.Errorf("read the admin password: %w (or set WEFT_ADMIN_PASSWORD)", err)
		}
		password = strings.TrimRight(line, "\r\n")
	}
	if _, err := t.CreateUser(adminUser, adminUser, password, team.Admin); err != nil {
		return fmt.Errorf("create the first admin: %w", err)
	}
	fmt.Fprintf(stdout, "Created the admin %q; sign in with it in the browser.\n", adminUser)
	return nil
}

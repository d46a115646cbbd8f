package runner

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/weftworks/weft/engine/spool"
)

// Remote is a running weft's dead letters over HTTP (see
// MountDeadLetters).
type Remote struct {
	base   string
	client *http.Client
}

// NewRemote reaches the dead-letter endpoints under base, a running
// weft's ops URL.
func NewRemote(base string) *Remote {
	return &Remote{base: strings.TrimSuffix(base, "/"), client: &http.Client{Timeout: 30 * time.Second}}
}

// ListDeadLetters lists the dead letters of scope (all when empty).
func (r *Remote) ListDeadLetters(scope string) ([]spool.DeadLetter, error) {
	var list []spool.DeadLetter
	err := r.do(http.MethodGet, "/deadletters?flow="+url.QueryEscape(scope), nil, &list)
	return list, err
}

// DeadLetter returns one dead letter; a missing one wraps
// spool.ErrNotFound.
func (r *Remote) DeadLetter(id string) (spool.DeadLetter, error) {
	var d spool.DeadLetter
	err := r.do(http.MethodGet, "/deadletters/"+url.PathEscape(id), nil, &d)
	return d, err
}

// Replay delivers the dead letters ids names again.
func (r *Remote) Replay(ids ...string) error {
	return r.do(http.MethodPost, "/deadletters/replay", idsRequest{IDs: ids}, nil)
}

// Purge drops the dead letters ids names.
func (r *Remote) Purge(ids ...string) error {
	return r.do(http.MethodPost, "/deadletters/purge", idsRequest{IDs: ids}, nil)
}

// Close does nothing: a Remote holds no connection between calls.
func (r *Remote) Close() error { return nil }

// do sends one request; a 404 wraps spool.ErrNotFound.
func (r *Remote) do(method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, r.base+path, rd)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return fmt.Errorf("--server: %w", err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	switch {
	case resp.StatusCode == http.StatusNotFound && bytes.Contains(data, []byte(spool.ErrNotFound.Error())):
		return fmt.Errorf("%w (%s)", spool.ErrNotFound, strings.TrimSpace(string(data)))
	case resp.StatusCode != http.StatusOK:
		return fmt.Errorf("--server %s: %s: %s", r.base, resp.Status, strings.TrimSpace(string(data)))
	case out != nil:
		return json.Unmarshal(data, out)
	}
	return nil
}

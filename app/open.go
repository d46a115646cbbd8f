package app

import (
	"context"
	"errors"
	"path/filepath"

	"github.com/weftworks/weft/connectors/all"
	"github.com/weftworks/weft/engine/store"
)

// Studio is an opened Weft Studio back end: the service both transports
// serve, the hub its events go through, and the data file behind it.
type Studio struct {
	Service *Service
	Hub     *Hub
	Store   *store.Store
	// Host holds what runs share; the process serves Host.Listener for
	// webhook triggers.
	Host   *Host
	cancel context.CancelFunc
}

// Open opens the data file at path (see store.DefaultPath) and starts a
// Service with every shipped node type. Runs stop when ctx is cancelled or
// the Studio is closed.
// A second process opening the same file gets store.ErrLocked.
func Open(ctx context.Context, path string) (*Studio, error) {
	st, err := store.Open(path)
	if err != nil {
		return nil, err
	}
	reg, err := all.Registry()
	if err != nil {
		_ = st.Close()
		return nil, err
	}
	hub := NewHub()
	host := NewHost(st, filepath.Join(filepath.Dir(path), "state.db"))
	ctx, cancel := context.WithCancel(ctx)
	svc := New(ctx, st, reg, hub, host)
	svc.dataDir = filepath.Dir(path)
	return &Studio{Service: svc, Hub: hub, Store: st, Host: host, cancel: cancel}, nil
}

// Close cancels the runs still going, waits until they have saved their
// records, and closes the state and data files.
func (s *Studio) Close() error {
	s.cancel()
	s.Service.runsWG.Wait()
	return errors.Join(s.Host.Close(), s.Store.Close())
}

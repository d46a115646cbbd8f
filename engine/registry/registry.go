package registry

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/spec"
)

// ErrDuplicate is returned by Register for a type that is already
// registered.
var ErrDuplicate = errors.New("node type already registered")

// ErrUnknownType is returned by Build for a node whose type is not
// registered.
var ErrUnknownType = errors.New("unknown node type")

// ErrInvalidConfig is returned by Build for a node whose config does not
// fit its spec.
var ErrInvalidConfig = errors.New("invalid config")

// Registry maps node types to their spec and factory. Register everything
// at start-up; after that a Registry is safe for concurrent use.
type Registry struct {
	mu      sync.RWMutex
	entries map[string]entry
}

type entry struct {
	spec    spec.Spec
	factory Factory
}

// New returns an empty registry.
func New() *Registry {
	return &Registry{entries: map[string]entry{}}
}

// Register adds a node type. The spec must pass spec.CheckSpec and its type
// must not be registered yet.
func (r *Registry) Register(s spec.Spec, f Factory) error {
	if err := spec.CheckSpec(s); err != nil {
		return err
	}
	if f == nil {
		return fmt.Errorf("node type %q: nil factory", s.Type)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.entries[s.Type]; ok {
		return fmt.Errorf("%w: %q", ErrDuplicate, s.Type)
	}
	r.entries[s.Type] = entry{spec: s, factory: f}
	return nil
}

// MustRegister is Register that panics on error, for tables of built-in
// node types whose specs are fixed at compile time.
func (r *Registry) MustRegister(s spec.Spec, f Factory) {
	if err := r.Register(s, f); err != nil {
		panic(err)
	}
}

// Spec returns the spec of a node type. Callers must not modify it.
func (r *Registry) Spec(typ string) (spec.Spec, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	e, ok := r.entries[typ]
	return e.spec, ok
}

// Trigger returns the trigger traits of a node type (see spec.Spec.Traits):
// nil when it is not a trigger or is unknown.
func (r *Registry) Trigger(typ string) *spec.TriggerTraits {
	s, ok := r.Spec(typ)
	if !ok {
		return nil
	}
	return s.Traits()
}

// Specs returns every spec in palette order (spec.Compare): triggers,
// transforms, actions, each sorted by type.
func (r *Registry) Specs() []spec.Spec {
	r.mu.RLock()
	specs := make([]spec.Spec, 0, len(r.entries))
	for _, e := range r.entries {
		specs = append(specs, e.spec)
	}
	r.mu.RUnlock()
	slices.SortFunc(specs, spec.Compare)
	return specs
}

// Build makes a running node from n: it applies the spec's defaults to a
// copy of n.Config, validates it and calls the factory. Errors name the
// node id.
func (r *Registry) Build(n flow.Node) (Node, error) {
	r.mu.RLock()
	e, ok := r.entries[n.Type]
	r.mu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("node %q: %w %q", n.ID, ErrUnknownType, n.Type)
	}
	cfg := spec.ApplyDefaults(e.spec.Config, n.Config)
	if errs := spec.ValidateConfig(e.spec.Config, cfg); len(errs) > 0 {
		msgs := make([]string, len(errs))
		for i, fe := range errs {
			msgs[i] = fe.Error()
		}
		return nil, fmt.Errorf("node %q: %w: %s", n.ID, ErrInvalidConfig, strings.Join(msgs, "; "))
	}
	unbind := spec.Bind(e.spec.Config, cfg)
	node, err := e.factory(n, cfg)
	unbind()
	if err != nil {
		return nil, fmt.Errorf("node %q: %w", n.ID, err)
	}
	if node == nil {
		return nil, fmt.Errorf("node %q: factory for %q returned no node", n.ID, n.Type)
	}
	return node, nil
}

package expr

import (
	"context"
	"slices"
	"sync"
)

// Set evaluates several compiled expressions over one record at a time
// (the fields of a mapping), sharing the native evaluation: one frame, one
// look at the context, and each global a record key could shadow looked
// up once for all of them. Each result and error is the one the
// program's own Eval gives. Programs that run in goja are evaluated on
// their own; nil programs are skipped (their entries are left as they
// are). A Set is safe for concurrent use.
type Set struct {
	progs   []Program
	native  []*nativeProgram // per program; nil for goja programs
	globals []string         // the globals the native programs use
	uses    []uint64         // per program, a bit per global of globals it uses
	frames  sync.Pool
}

// maxSetGlobals bounds the globals a Set tracks in its bit masks; a Set of
// programs using more evaluates each on its own.
const maxSetGlobals = 64

// NewSet returns a Set of progs.
func NewSet(progs []Program) *Set {
	s := &Set{progs: progs, native: make([]*nativeProgram, len(progs)), uses: make([]uint64, len(progs))}
	nslots := 0
	for i, p := range progs {
		n, ok := p.(*nativeProgram)
		if !ok {
			continue
		}
		s.native[i], nslots = n, max(nslots, n.nslots)
		for _, g := range n.globals {
			at := slices.Index(s.globals, g)
			if at < 0 {
				at, s.globals = len(s.globals), append(s.globals, g)
			}
			if at < maxSetGlobals {
				s.uses[i] |= 1 << at
			}
		}
	}
	s.frames.New = func() any { return &frame{slots: make([]value, nslots)} }
	return s
}

// Eval evaluates every program over record into res and errs, which have
// one entry per program.
func (s *Set) Eval(ctx context.Context, record any, res []any, errs []error) {
	if ctx.Err() != nil || len(s.globals) > maxSetGlobals {
		for i, p := range s.progs {
			if p != nil {
				res[i], errs[i] = p.Eval(ctx, record)
			}
		}
		return
	}
	f := s.frames.Get().(*frame)
	entered := f.enter(ctx, record)
	shadowed := s.shadowed(f)
	for i, p := range s.progs {
		n := s.native[i]
		if n == nil {
			if p != nil {
				res[i], errs[i] = p.Eval(ctx, record)
			}
			continue
		}
		var v any
		err := entered
		if err == nil && shadowed&s.uses[i] != 0 {
			err = errFallback
		}
		if err == nil {
			v, err = n.evalIn(f)
		}
		if err != nil {
			v, err = n.result(ctx, record, v, err)
		}
		res[i], errs[i] = v, err
	}
	f.leave()
	s.frames.Put(f)
}

// shadowed has a bit for each of the Set's globals the record has a key
// named like.
func (s *Set) shadowed(f *frame) uint64 {
	var bits uint64
	for i, g := range s.globals {
		if _, ok := objectGet(f.rec, g); ok {
			bits |= 1 << i
		}
	}
	return bits
}

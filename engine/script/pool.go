package script

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"runtime"
	"slices"

	"github.com/dop251/goja"
	"github.com/dop251/goja/parser"

	"github.com/weftworks/weft/engine/jsoncodec"
)

// pool keeps idle runtimes of one Program. It never blocks: a caller that
// finds it empty builds a new runtime, and a full pool drops the extra.
type pool struct {
	prg  *goja.Program
	lits *rewrites
	lib  Library
	idle chan *vm
}

func newPool(prg *goja.Program, lits *rewrites) *pool {
	return &pool{prg: prg, lits: lits, idle: make(chan *vm, runtime.GOMAXPROCS(0))}
}

func (p *pool) get() (*vm, error) {
	select {
	case v := <-p.idle:
		return v, nil
	default:
		return newVM(p.prg, p.lits, p.lib)
	}
}

func (p *pool) put(v *vm) {
	select {
	case p.idle <- v:
	default:
	}
}

// vm is one runtime holding the snippet's function.
type vm struct {
	rt *goja.Runtime
	fn goja.Callable
	// globals is the global object the snippet sees.
	globals *globalScope
	watch   *watchdog
	// views are the record views of the running call, slab what is left
	// of its slab of views (vm.view) and slabSize the number of views the
	// last call made.
	views    []*recordView
	slab     []recordView
	slabSize int
	// slots holds the views' members, reused from call to call.
	slots memberSlab
	// recycle holds the views and lazy arrays calls may reuse (reuse.go).
	recycle reusePool
	// lazies are the call's lazy arrays, root the record's view when the
	// snippet has lazy members (lazyarray.go).
	lazies []*lazyArray
	root   *recordView
	// args holds the JS arguments of a call, reused from call to call;
	// items, the elements of the arrays being converted (vm.array).
	args  []goja.Value
	items []any
	// ctx is the context of the running call, for host functions.
	ctx context.Context
	// entries lists an object's keys and values, define defines a property
	// with a JS string key (compileEntries).
	entries, define goja.Callable
	// boxes box the strings and numbers of results, ascii the ASCII
	// strings and nums the numbers given to the script.
	boxes jsoncodec.Boxes
	ascii asciiBoxes
	nums  numberBoxes
	// lits are the Program's rewrites, hidden the values of their hidden
	// parameters. The literals' one stores a literal's values in result
	// and returns sentinel; iteration is what the for…of one checks.
	lits      *rewrites
	hidden    []goja.Value
	sentinel  *goja.Object
	result    literalResult
	iteration iteration
	// tramp enters the runtime for a batch, nested the native function
	// that makes its calls and batch the running batch (batch.go).
	tramp  goja.Callable
	nested goja.Value
	batch  *batchRun
	jobs   reflect.Value // goja's queue of promise jobs, only read
	// lent is the object a batch's literal results are made in, each
	// lent to emit until it returns; nil outside batches.
	lent *jsoncodec.Object
}

func newVM(prg *goja.Program, lits *rewrites, lib Library) (*vm, error) {
	rt := goja.New()
	rt.SetMaxCallStackSize(maxCallStack)
	rt.SetParserOptions(parser.WithDisableSourceMaps)
	v := &vm{rt: rt, ctx: context.Background(), watch: newWatchdog(rt), lits: lits}
	setUp := []func() error{v.fixBuiltins, v.installLimits, v.speedUpParseFloat, v.keepLoneSurrogates, v.fixMathLog, v.fixMathSign, v.fixRadix, v.fixLocaleCompare,
		v.replaceJSONParse, v.compileEntries, func() error { return v.install(lib) }}
	for _, f := range setUp {
		if err := f(); err != nil {
			return nil, fmt.Errorf("script set-up: %w", err)
		}
	}
	res, err := rt.RunProgram(prg)
	if err != nil {
		return nil, fmt.Errorf("script set-up: %w", err)
	}
	fn, ok := goja.AssertFunction(res)
	if !ok {
		return nil, fmt.Errorf("script set-up: wrapper is not a function")
	}
	v.fn, v.globals = fn, installGlobalScope(rt, slices.Collect(maps.Keys(lib)))
	v.installResultFn()
	v.installFastArray()
	if err := v.installHoisted(); err != nil {
		return nil, fmt.Errorf("script set-up: %w", err)
	}
	if err := v.installBatch(); err != nil {
		return nil, fmt.Errorf("script set-up: %w", err)
	}
	return v, nil
}

// call runs the function under the time limit and converts the result.
func (v *vm) call(ctx context.Context, opts Options, args []any) (any, error) {
	out, err := v.start(ctx, opts, args)
	return v.finish(opts, out, err)
}

// start arms the time limit and runs the function; finish ends the call.
func (v *vm) start(ctx context.Context, opts Options, args []any) (goja.Value, error) {
	v.rt.ClearInterrupt()
	v.ctx = ctx
	v.watch.arm(ctx, opts.Timeout, opts.MaxMemoryBytes)
	return v.run(args)
}

// finish converts the result of a call that start ran (out, or its error
// err) and ends the call.
func (v *vm) finish(opts Options, out goja.Value, err error) (any, error) {
	res, err := v.settle(opts, out, err)
	v.end()
	return res, err
}

// settle converts the result of a call that start ran, under its time
// limit: out, or its error err.
func (v *vm) settle(opts Options, out goja.Value, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return v.exportResult(out, opts)
}

// end disarms the time limit and forgets what the call set up.
func (v *vm) end() {
	v.watch.disarm()
	v.ctx = context.Background()
	v.rt.ClearInterrupt()
	v.globals.reset()
	v.detachViews()
	clear(v.result.vals)
	v.result.vals = v.result.vals[:0]
}

func (v *vm) run(args []any) (out goja.Value, err error) {
	jsArgs := v.args[:0]
	defer func() {
		clear(jsArgs)
		v.args = jsArgs[:0] // reused by the next call
		// A Go panic inside a goja built-in (such as Object.fromEntries
		// over a non-object entry) becomes the call's error; the runtime
		// is then discarded.
		if x := recover(); x != nil {
			out, err = nil, fmt.Errorf("script: the JavaScript engine failed: %v", x)
		}
	}()
	for i, a := range args {
		j, err := v.argument(i, a)
		if err != nil {
			return nil, fmt.Errorf("argument %d: %w", i+1, err)
		}
		jsArgs = append(jsArgs, j)
	}
	jsArgs = v.addHidden(jsArgs)
	return v.fn(goja.Undefined(), jsArgs...)
}

// exportResult converts what the function returned.
func (v *vm) exportResult(out goja.Value, opts Options) (any, error) {
	if goja.IsUndefined(out) {
		return Undefined, nil
	}
	return v.export(out, opts)
}

// export converts the result. Getters and toJSON methods run JavaScript, so
// a JS exception (caught by Try) or an interrupt (re-panicked by goja) may
// surface here; both become errors.
func (v *vm) export(out goja.Value, opts Options) (res any, err error) {
	defer func() {
		if x := recover(); x != nil {
			e, ok := x.(error)
			if !ok {
				e = fmt.Errorf("script: %v", x)
			}
			res, err = nil, e
		}
	}()
	e := exporter{budget: opts.MaxOutputBytes, limit: opts.MaxOutputBytes, stringify: opts.Stringify, entries: v.entries, boxes: &v.boxes, reuse: v.lent}
	if v.sentinel != nil && out == v.sentinel && v.result.primitive() {
		return e.literal(&v.result) // no JavaScript runs, so nothing to catch
	}
	if ex := v.rt.Try(func() {
		if v.sentinel != nil && out == v.sentinel {
			res, err = e.literal(&v.result)
		} else {
			res, err = e.value(out, 0)
		}
	}); ex != nil {
		return nil, ex
	}
	return res, err
}

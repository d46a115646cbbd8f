package expr

// Fallbacks reports how many evaluations of a native program were handed
// to goja at run time (0 for goja programs).
func Fallbacks(p Program) int64 {
	if n, ok := p.(*nativeProgram); ok {
		return n.fallbacks.Load()
	}
	return 0
}

// CompileGeneric is Compile without the typed fast paths (fast.go): the
// native program every fast path must agree with. Its Native is false when
// the expression is not in the native subset.
func CompileGeneric(src string, opts Options) (Program, error) {
	t, err := parse(src)
	if err != nil {
		return nil, err
	}
	if p, ok := compileNativeWith(t, opts, false); ok {
		return p, nil
	}
	return compileGoja(t, opts)
}

// FastPath compiles only the typed fast path of src's top node (nil when it
// has none); the function it returns evaluates it over a record, ok false
// when the record is not the fast case.
func FastPath(src string) func(record any) (any, bool) {
	t, err := parse(src)
	if err != nil {
		return nil
	}
	if !fastCandidate(t.expr) {
		return nil
	}
	c := newCompiler(t, Options{})
	fast := c.fastValue(t.expr)
	if fast == nil {
		return nil
	}
	return func(record any) (any, bool) {
		f := &frame{slots: make([]value, c.nslots)}
		if root, err := fromAny(record); err == nil {
			f.root = root
		}
		if isObject(record) {
			f.rec = record
		}
		v, ok := fast(f)
		return v.toAny(), ok
	}
}

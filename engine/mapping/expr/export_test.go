package expr

// Fallbacks reports how many evaluations of a native program were handed
// to goja at run time (0 for goja programs).
func Fallbacks(p Program) int64 {
	if n, ok := p.(*nativeProgram); ok {
		return n.fallbacks.Load()
	}
	return 0
}

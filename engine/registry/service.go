package registry

// Services holds the shared resources a host (the runner, Studio) hands
// to the nodes of a run, by name: an HTTP listener, a dead-letter store,
// the data directory. Fill it with Provide and pass it in the runtime's
// options; nodes read it with ServiceOf.
type Services map[string]any

// Key names a host service of type T. The package that defines the
// service's Go type declares its key next to it, so that the host and the
// nodes agree on both the name and the type:
//
//	var ListenerKey = registry.NewKey[Listener]("http.listener")
type Key[T any] struct{ name string }

// NewKey returns the key of the service called name.
func NewKey[T any](name string) Key[T] { return Key[T]{name: name} }

// Name is the name the service is stored under.
func (k Key[T]) Name() string { return k.name }

// Provide stores v under k in s.
func Provide[T any](s Services, k Key[T], v T) { s[k.name] = v }

// ServiceOf returns the service the host provides under k, or false when
// it provides none or one of another type.
func ServiceOf[T any](io IO, k Key[T]) (T, bool) {
	v, ok := io.Service(k.name)
	t, isT := v.(T)
	return t, ok && isT
}

package spec

import "slices"

// TriggerKind says how a host treats a trigger node.
type TriggerKind string

// The trigger kinds.
const (
	// TriggerManual starts one run by hand (Studio's Run, weft run): a
	// flow whose only trigger is manual does not serve.
	TriggerManual TriggerKind = "manual"
	// TriggerHTTP serves an HTTP path on the host's listener (its
	// PathField): two versions of a bundle may serve side by side while
	// one replaces the other.
	TriggerHTTP TriggerKind = "http"
	// TriggerSource takes work from a source (a folder, a queue, a
	// schedule) that two versions of a bundle must not consume at once.
	TriggerSource TriggerKind = "source"
)

// TriggerTraits say how the hosts (weft run, weft serve, Studio) treat a
// trigger, so that adding one needs no host change.
type TriggerTraits struct {
	Kind TriggerKind `json:"kind"`
	// Spooled triggers accept work from outside the runner: the runner
	// keeps each message in its spool until the work ends, and delivers
	// it again after a crash.
	Spooled bool `json:"spooled,omitempty"`
	// SpooledIf narrows Spooled to the configs where the condition holds
	// (a webhook that answers at once is spooled; one that answers with
	// the flow's result is not: its caller learns of a crash).
	SpooledIf *Condition `json:"spooledIf,omitempty"`
	// Redelivered triggers' sources deliver again what was never
	// acknowledged: the spool drops their cancelled entries instead of
	// delivering them twice.
	Redelivered bool `json:"redelivered,omitempty"`
	// PathField names the string config field holding the path a
	// TriggerHTTP trigger serves.
	PathField string `json:"pathField,omitempty"`
}

// sourceTraits are the traits of a trigger that declares none.
var sourceTraits = TriggerTraits{Kind: TriggerSource}

// Traits returns the trigger traits of s: nil when s is not a trigger,
// and those of an unspooled source for a trigger that declares none.
func (s Spec) Traits() *TriggerTraits {
	switch {
	case s.Category != Trigger:
		return nil
	case s.Trigger != nil:
		return s.Trigger
	}
	t := sourceTraits
	return &t
}

// SpoolsWith reports whether a trigger with these traits and config cfg
// has its messages spooled.
func (t *TriggerTraits) SpoolsWith(cfg map[string]any) bool {
	return t != nil && t.Spooled && (t.SpooledIf == nil || t.SpooledIf.Holds(cfg))
}

// Serves reports whether the trigger keeps serving (any kind but
// manual).
func (t *TriggerTraits) Serves() bool { return t != nil && t.Kind != TriggerManual }

// Exclusive reports whether two versions of a bundle must not run the
// trigger at once (a source).
func (t *TriggerTraits) Exclusive() bool { return t != nil && t.Kind == TriggerSource }

// Path returns the path an HTTP trigger with config cfg serves, and
// whether it is one.
func (t *TriggerTraits) Path(cfg map[string]any) (string, bool) {
	if t == nil || t.Kind != TriggerHTTP {
		return "", false
	}
	p, _ := cfg[t.PathField].(string)
	return p, true
}

// Holds reports whether cfg[c.Field] is one of c.Equals.
func (c *Condition) Holds(cfg map[string]any) bool {
	v := cfg[c.Field]
	return slices.ContainsFunc(c.Equals, func(want any) bool { return equal(v, want) })
}

// checkTrigger reports trigger traits on a non-trigger, an unknown kind,
// and a PathField or SpooledIf naming no top-level field.
func checkTrigger(s Spec, add func(string, ...any)) {
	t := s.Trigger
	if t == nil {
		return
	}
	if s.Category != Trigger {
		add("trigger traits on a %s", s.Category)
	}
	if !slices.Contains([]TriggerKind{TriggerManual, TriggerHTTP, TriggerSource}, t.Kind) {
		add("trigger kind %q is not manual, http or source", t.Kind)
	}
	fields := map[string]Type{}
	for _, f := range s.Config {
		fields[f.Name] = f.Type
	}
	if t.Kind == TriggerHTTP && fields[t.PathField] != String {
		add("trigger pathField %q names no string field", t.PathField)
	}
	if t.SpooledIf != nil && fields[t.SpooledIf.Field] == "" {
		add("trigger spooledIf refers to unknown field %q", t.SpooledIf.Field)
	}
}

package spec

// Category groups node types in the palette.
type Category string

// The palette categories.
const (
	Trigger   Category = "trigger"
	Transform Category = "transform"
	Action    Category = "action"
)

// Spec describes a node type once; the palette, the generated form,
// validation, the docs and the runtime factory all come from it.
type Spec struct {
	// Type is the unique id, "family.name", such as "core.script".
	Type     string   `json:"type"`
	Title    string   `json:"title"`
	Category Category `json:"category"`
	// Icon is a short icon name the frontend maps to a glyph.
	Icon        string `json:"icon"`
	Description string `json:"description"`
	Inputs      []Port `json:"inputs"`
	// Outputs lists the node's outputs except the implicit "error" port
	// that every node has.
	Outputs []Port `json:"outputs"`
	// Config lists the node's settings in form order.
	Config []Field `json:"config"`
	// OutputsFrom adds outputs named by a config field (see PortsFrom).
	OutputsFrom *PortsFrom `json:"outputsFrom,omitempty"`
	// Catch marks a catcher: a transform that receives the failures of
	// other nodes (see CatchFrom).
	Catch *CatchFrom `json:"catch,omitempty"`
	// Trigger says how the hosts treat a trigger (see TriggerTraits);
	// nil on a trigger means an unspooled source.
	Trigger *TriggerTraits `json:"trigger,omitempty"`
}

// Port is a named input or output of a node.
type Port struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
}

// Type is a config field's type: a JSON-Schema subset.
type Type string

// The field types.
const (
	String  Type = "string"
	Number  Type = "number"
	Integer Type = "integer"
	Boolean Type = "boolean"
	Object  Type = "object"
	Array   Type = "array"
)

// Editor names the editor a string field wants in the form.
type Editor string

// The editors.
const (
	EditorText       Editor = "text"
	EditorJavaScript Editor = "javascript"
	EditorJSON       Editor = "json"
	// EditorMapping is the mapping studio, for object fields holding a
	// mapping (engine/mapping).
	EditorMapping Editor = "mapping"
	// EditorCredential is a choice of stored credential names, for string
	// fields naming a credential (engine/credential); by convention the
	// field is called "credential". Its value is the name, never a secret.
	EditorCredential Editor = "credential"
)

// Field is one config setting of a node: a JSON-Schema subset plus UI hints.
type Field struct {
	Name        string `json:"name"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	Type        Type   `json:"type"`
	Required    bool   `json:"required,omitempty"`
	Default     any    `json:"default,omitempty"`
	// Enum restricts a string field to these values.
	Enum []string `json:"enum,omitempty"`
	// Secret fields are never shown back to the user.
	Secret bool `json:"secret,omitempty"`
	// Editor is the editor hint for string fields (and "mapping" for
	// object fields).
	Editor Editor `json:"editor,omitempty"`
	// Advanced fields are folded away in the form.
	Advanced bool `json:"advanced,omitempty"`
	// ShowIf shows the field only when another field has one of the values.
	ShowIf *Condition `json:"showIf,omitempty"`
	// Items describes array elements; Fields describes object members.
	Items  *Field  `json:"items,omitempty"`
	Fields []Field `json:"fields,omitempty"`
	// Minimum and Maximum bound number and integer fields.
	Minimum  *float64 `json:"minimum,omitempty"`
	Maximum  *float64 `json:"maximum,omitempty"`
	Examples []any    `json:"examples,omitempty"`
}

// Condition holds when config[Field] is one of Equals: a show-if rule, or
// when a trigger is spooled.
type Condition struct {
	Field  string `json:"field"`
	Equals []any  `json:"equals"`
}

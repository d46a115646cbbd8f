package expr

import (
	"strconv"
	"strings"

	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/unistring"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/mapping/lib"
	"github.com/weftworks/weft/engine/wtf8"
)

func (c *compiler) literal(e ast.Expression) (evalFn, bool) {
	var v value
	switch n := e.(type) {
	case *ast.NumberLiteral:
		switch x := n.Value.(type) {
		case int64:
			v = num(float64(x))
		case float64:
			v = num(x)
		default:
			return nil, false // BigInt
		}
	case *ast.StringLiteral:
		s, ok := goString(n.Value)
		if !ok {
			return nil, false
		}
		v = str(s)
	case *ast.BooleanLiteral:
		v = boolean(n.Value)
	case *ast.NullLiteral:
		v = vNull
	}
	return func(*frame) (value, error) { return v, nil }, true
}

// goString converts a parsed string; strings holding lone surrogates have
// no exact Go form and are left to goja.
func goString(s unistring.String) (string, bool) {
	if u := s.AsUtf16(); u != nil {
		if _, err := fromUnits(u[1:]); err != nil {
			return "", false
		}
	}
	return s.String(), true
}

func (c *compiler) template(n *ast.TemplateLiteral) (evalFn, bool) {
	if n.Tag != nil {
		return nil, false
	}
	parts := make([]string, len(n.Elements))
	for i, el := range n.Elements {
		s, ok := goString(el.Parsed)
		if !el.Valid || !ok {
			return nil, false
		}
		parts[i] = s
	}
	subs, ok := c.exprs(n.Expressions)
	if !ok || len(parts) != len(subs)+1 {
		return nil, false
	}
	return func(f *frame) (value, error) {
		var b strings.Builder
		b.WriteString(parts[0])
		for i, sub := range subs {
			v, err := sub(f)
			if err != nil {
				return v, err
			}
			s, err := toStr(v)
			if err != nil {
				return v, err
			}
			b.WriteString(s)
			b.WriteString(parts[i+1])
		}
		return str(b.String()), nil
	}, true
}

func (c *compiler) arrayLiteral(n *ast.ArrayLiteral) (evalFn, bool) {
	for _, e := range n.Value {
		if _, spread := e.(*ast.SpreadElement); spread {
			parts, ok := c.parts(n.Value)
			if !ok {
				return nil, false
			}
			return func(f *frame) (value, error) {
				out, err := evalParts(f, parts)
				return value{k: kArr, r: out}, err
			}, true
		}
		if e == nil {
			return nil, false // a hole
		}
	}
	items, ok := c.exprs(n.Value)
	if !ok {
		return nil, false
	}
	return func(f *frame) (value, error) {
		out := make([]any, len(items))
		for i, item := range items {
			v, err := item(f)
			if err != nil {
				return v, err
			}
			out[i] = v.toAny()
		}
		return value{k: kArr, r: out}, nil
	}, true
}

// objectField is one property of an object literal: a key, or a
// computed key (keyFn), and its value; or a spread (spread set, val the
// spread value).
type objectField struct {
	key    string
	keyFn  evalFn
	val    evalFn
	spread bool
}

func (c *compiler) objectLiteral(n *ast.ObjectLiteral) (evalFn, bool) {
	fields := make([]objectField, 0, len(n.Value))
	for _, p := range n.Value {
		field, ok := c.property(p)
		if !ok {
			return nil, false
		}
		fields = append(fields, field)
	}
	return func(f *frame) (value, error) {
		out := newObject(len(fields))
		for _, field := range fields {
			if err := field.set(f, out); err != nil {
				return vUndef, err
			}
		}
		return value{k: kObj, r: out}, nil
	}, true
}

func (c *compiler) property(p ast.Property) (objectField, bool) {
	switch t := p.(type) {
	case *ast.PropertyShort:
		if t.Initializer != nil {
			return objectField{}, false
		}
		name := t.Name
		fn, ok := c.ident(&name)
		return objectField{key: name.Name.String(), val: fn}, ok
	case *ast.SpreadElement:
		fn, ok := c.expr(t.Expression)
		return objectField{val: fn, spread: true}, ok
	case *ast.PropertyKeyed:
		if t.Kind != ast.PropertyKindValue {
			return objectField{}, false
		}
		if t.Computed {
			keyFn, ok1 := c.expr(t.Key)
			fn, ok2 := c.expr(t.Value)
			return objectField{keyFn: keyFn, val: fn}, ok1 && ok2
		}
		var key string
		switch k := t.Key.(type) {
		case *ast.StringLiteral:
			s, ok := goString(k.Value)
			if !ok {
				return objectField{}, false
			}
			key = s
		case *ast.Identifier:
			key = k.Name.String()
		case *ast.NumberLiteral:
			var ok bool
			if key, ok = numberKey(k); !ok {
				return objectField{}, false
			}
		default:
			return objectField{}, false
		}
		if key == "__proto__" {
			return objectField{}, false
		}
		fn, ok := c.expr(t.Value)
		return objectField{key: key, val: fn}, ok
	}
	return objectField{}, false
}

// set evaluates the field into out: its key (computed keys first) and
// value, or the own properties of a spread object or array.
func (field *objectField) set(f *frame, out *jsoncodec.Object) error {
	key := field.key
	if field.keyFn != nil {
		k, err := field.keyFn(f)
		if err != nil {
			return err
		}
		if key, err = propertyKey(k); err != nil {
			return err
		}
	}
	v, err := field.val(f)
	if err != nil {
		return err
	}
	if !field.spread {
		setProp(out, key, v.toAny())
		return nil
	}
	if v.k == kStr && v.s != "" && !wtf8.IsASCII(v.s) {
		return errFallback // spreads the string's UTF-16 code units
	}
	return assignInto(f, out, v)
}

// numberKey is the property key a number literal names.
func numberKey(n *ast.NumberLiteral) (string, bool) {
	switch x := n.Value.(type) {
	case int64:
		return strconv.FormatInt(x, 10), true
	case float64:
		return lib.FormatNumber(x), true
	}
	return "", false
}

// propertyKey is ToPropertyKey for primitives; objects are left to goja
// (their toString may run code).
func propertyKey(v value) (string, error) {
	if v.k == kObj || v.k == kArr {
		return "", errFallback
	}
	return toStr(v)
}

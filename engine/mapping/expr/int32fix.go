package expr

import (
	"cmp"
	"slices"
	"strings"

	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/parser"
	"github.com/dop251/goja/token"

	"github.com/weftworks/weft/engine/jsast"
)

// goja converts the operands of bitwise operators with int64(f), which is
// 0 (not the value modulo 2^32) from 2^63 on, where ECMAScript's ToInt32
// and ToUint32 wrap. Before an expression runs in goja, every operand of
// a bitwise operator is wrapped in int32Helper, which wraps it into the
// int32 range first; int32Prelude defines the helper on the wrapper's
// first line, so line numbers of errors stay the same (columns on a line
// with a bitwise operator move by the inserted text).
const (
	int32Helper   = "__weftToInt32"
	int32Function = `(x) { if (typeof x === "bigint") return x; x = +x; if (x >= -2147483648 && x <= 4294967295 || x !== x) return x; if (x === Infinity || x === -Infinity) return 0; x = Math.trunc(x) % 4294967296; return x >= 2147483648 ? x - 4294967296 : x < -2147483648 ? x + 4294967296 : x; }`
	int32Prelude  = "var " + int32Helper + " = function " + int32Function + "; "
)

// bitwiseOps are the binary operators whose operands goja converts with
// ToInt32 or ToUint32.
var bitwiseOps = map[token.Token]bool{
	token.AND: true, token.OR: true, token.EXCLUSIVE_OR: true,
	token.SHIFT_LEFT: true, token.SHIFT_RIGHT: true, token.UNSIGNED_SHIFT_RIGHT: true,
}

// insertion is text to insert at an offset of the source, in place of
// the skip bytes there.
type insertion struct {
	at    int
	text  string
	close bool
	skip  int
}

// withInt32Fix returns src with the operands of its bitwise operators
// wrapped in int32Helper, and whether there were any.
func (t *tree) withInt32Fix() (string, bool) {
	// The parsed source is "(\n" + src + "\n)" and indexes are 1-based.
	return int32Rewrite(t.src, t.expr, 3)
}

// ScriptInt32Fix returns a whole-record script with the operands of its
// bitwise operators wrapped in a helper that wraps them into 32 bits as
// ECMAScript does, and the helper's declaration appended on a line of its
// own (a hoisted function, so that no line or column before it moves
// except on lines with a bitwise operator). ok is false when the script
// has no bitwise operator or does not parse.
func ScriptInt32Fix(src string) (fixed string, ok bool) {
	prog, err := parser.ParseFile(nil, "mapping", scriptPrefix+src+"\n})", 0, parser.WithDisableSourceMaps)
	if err != nil || len(prog.Body) != 1 {
		return src, false
	}
	if fixed, ok = int32Rewrite(src, prog.Body[0], len(scriptPrefix)+1); !ok {
		return src, false
	}
	return fixed + "\nfunction " + int32Helper + int32Function, true
}

// int32Rewrite wraps the operands of the bitwise operators below root in
// int32Helper; root's indexes are those of src placed at offset-1 of the
// parsed text.
func int32Rewrite(src string, root ast.Node, offset int) (string, bool) {
	var ins []insertion
	wrap := func(e ast.Expression) {
		from, to := int(e.Idx0())-offset, int(e.Idx1())-offset
		if from < 0 || to > len(src) || from >= to {
			return
		}
		ins = append(ins, insertion{at: from, text: int32Helper + "("}, insertion{at: to, text: ")", close: true})
	}
	jsast.EachNode(root, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.BinaryExpression:
			if bitwiseOps[n.Operator] {
				wrap(n.Left)
				wrap(n.Right)
			}
		case *ast.UnaryExpression:
			if n.Operator == token.BITWISE_NOT {
				wrap(n.Operand)
			}
		case *ast.AssignExpression:
			if in, ok := compoundInt32(src, n, offset); ok {
				ins = append(ins, in)
				wrap(n.Right)
			}
		}
	})
	if len(ins) == 0 {
		return src, false
	}
	// At one offset, closing parentheses come before opening ones.
	slices.SortStableFunc(ins, func(a, b insertion) int {
		if c := cmp.Compare(a.at, b.at); c != 0 {
			return c
		}
		return cmp.Compare(btoi(!a.close), btoi(!b.close))
	})
	var b strings.Builder
	last := 0
	for _, in := range ins {
		b.WriteString(src[last:in.at])
		b.WriteString(in.text)
		last = in.at + in.skip
	}
	b.WriteString(src[last:])
	return b.String(), true
}

// compoundInt32 rewrites a compound bitwise assignment L op= R, whose
// target L reads nothing that could change, into L = helper(L) op R
// (R is wrapped by the caller): the insertion replaces "op=". ok is
// false for other assignments, which goja runs as written.
func compoundInt32(src string, n *ast.AssignExpression, offset int) (insertion, bool) {
	if !bitwiseOps[n.Operator] || !plainReference(n.Left) {
		return insertion{}, false
	}
	from, to, rhs := int(n.Left.Idx0())-offset, int(n.Left.Idx1())-offset, int(n.Right.Idx0())-offset
	if from < 0 || to > rhs || rhs > len(src) {
		return insertion{}, false
	}
	op := n.Operator.String() + "="
	between := src[to:rhs]
	if strings.Count(between, op) != 1 {
		return insertion{}, false // a comment holds it too
	}
	text := "= " + int32Helper + "(" + src[from:to] + ") " + n.Operator.String()
	return insertion{at: to + strings.Index(between, op), text: text, skip: len(op)}, true
}

// plainReference reports whether e is a name, or a member of a name with
// a name or a literal as its key: reading it twice reads the same.
func plainReference(e ast.Expression) bool {
	switch e := e.(type) {
	case *ast.Identifier:
		return true
	case *ast.DotExpression:
		_, ok := e.Left.(*ast.Identifier)
		return ok
	case *ast.BracketExpression:
		_, ok := e.Left.(*ast.Identifier)
		switch e.Member.(type) {
		case *ast.Identifier, *ast.StringLiteral, *ast.NumberLiteral:
			return ok
		}
	}
	return false
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

package mutate

import (
	"go/ast"
	"go/token"
	"go/types"
)

// mayBeSentOn reports whether the channel made by call may ever be sent on.
// A buffer matters only to sends: a channel that is only received from,
// ranged over and closed behaves the same whatever its buffer, and a buffer
// mutation of it could only survive.
//
// It answers false only when it can see every use: the channel is stored in
// a variable or struct field, and each use of that variable or field in the
// file receives from it, ranges over it, closes it, stores into it, or hands
// it over as a receive-only channel (a result or an argument of type <-chan).
// Anything else, len and cap included, counts as a possible send.
func (f *file) mayBeSentOn(call *ast.CallExpr) bool {
	parents := f.parents()
	target, def := f.storedIn(call, parents)
	if target == nil {
		return true
	}
	for id, obj := range f.info.Uses {
		if id != def && sameVar(obj, target) && f.mayBeSentThrough(id, parents) {
			return true
		}
	}
	return false
}

// sameVar reports whether a and b are the same variable or field, counting
// the fields of a generic type's instances as the generic type's own.
func sameVar(a types.Object, b *types.Var) bool {
	v, ok := a.(*types.Var)
	return ok && v.Origin() == b
}

// storedIn returns the variable or field that call's value is stored in,
// and the identifier that names it there.
func (f *file) storedIn(call *ast.CallExpr, parents map[ast.Node]ast.Node) (*types.Var, *ast.Ident) {
	var expr ast.Node = call
	p := parents[expr]
	for {
		paren, ok := p.(*ast.ParenExpr)
		if !ok {
			break
		}
		expr, p = paren, parents[paren]
	}
	var id *ast.Ident
	switch p := p.(type) {
	case *ast.KeyValueExpr:
		if p.Value == expr {
			id, _ = p.Key.(*ast.Ident)
		}
	case *ast.AssignStmt:
		if len(p.Lhs) == len(p.Rhs) {
			for i, r := range p.Rhs {
				if r == expr {
					id = nameOf(p.Lhs[i])
				}
			}
		}
	case *ast.ValueSpec:
		if len(p.Names) == len(p.Values) {
			for i, v := range p.Values {
				if v == expr {
					id = p.Names[i]
				}
			}
		}
	}
	if id == nil {
		return nil, nil
	}
	obj := f.info.Defs[id]
	if obj == nil {
		obj = f.info.Uses[id]
	}
	v, ok := obj.(*types.Var)
	if !ok {
		return nil, nil
	}
	return v.Origin(), id
}

// nameOf returns the identifier an assignment's left side names: x, or f
// in a.b.f.
func nameOf(e ast.Expr) *ast.Ident {
	switch e := e.(type) {
	case *ast.Ident:
		return e
	case *ast.SelectorExpr:
		return e.Sel
	}
	return nil
}

// mayBeSentThrough reports whether the use id of a channel variable may
// lead to a send on it.
func (f *file) mayBeSentThrough(id *ast.Ident, parents map[ast.Node]ast.Node) bool {
	var use ast.Expr = id
	if sel, ok := parents[id].(*ast.SelectorExpr); ok && sel.Sel == id {
		use = sel
	}
	p := parents[use]
	for {
		paren, ok := p.(*ast.ParenExpr)
		if !ok {
			break
		}
		use, p = paren, parents[paren]
	}
	switch p := p.(type) {
	case *ast.UnaryExpr:
		return p.Op != token.ARROW
	case *ast.RangeStmt:
		return p.X != use
	case *ast.KeyValueExpr:
		return p.Key != use
	case *ast.AssignStmt:
		for _, l := range p.Lhs {
			if l == use {
				return false
			}
		}
	case *ast.CallExpr:
		if f.isBuiltin(p, "close") {
			return false
		}
		sig, ok := f.info.TypeOf(p.Fun).Underlying().(*types.Signature)
		if !ok {
			return true
		}
		for i, a := range p.Args {
			if a == use && i < sig.Params().Len() && !sig.Variadic() {
				return !receiveOnly(sig.Params().At(i).Type())
			}
		}
	case *ast.ReturnStmt:
		sig := f.signatureAround(p, parents)
		if sig == nil || sig.Results().Len() != len(p.Results) {
			return true
		}
		for i, r := range p.Results {
			if r == use {
				return !receiveOnly(sig.Results().At(i).Type())
			}
		}
	}
	return true
}

func receiveOnly(t types.Type) bool {
	c, ok := t.Underlying().(*types.Chan)
	return ok && c.Dir() == types.RecvOnly
}

// signatureAround returns the signature of the function n is in.
func (f *file) signatureAround(n ast.Node, parents map[ast.Node]ast.Node) *types.Signature {
	for ; n != nil; n = parents[n] {
		switch fn := n.(type) {
		case *ast.FuncLit:
			sig, _ := f.info.TypeOf(fn).(*types.Signature)
			return sig
		case *ast.FuncDecl:
			if obj := f.info.Defs[fn.Name]; obj != nil {
				sig, _ := obj.Type().(*types.Signature)
				return sig
			}
			return nil
		}
	}
	return nil
}

// parents maps every node of the file to the node it is in.
func (f *file) parents() map[ast.Node]ast.Node {
	if f.parent != nil {
		return f.parent
	}
	f.parent = map[ast.Node]ast.Node{}
	var stack []ast.Node
	ast.Inspect(f.ast, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		if len(stack) > 0 {
			f.parent[n] = stack[len(stack)-1]
		}
		stack = append(stack, n)
		return true
	})
	return f.parent
}

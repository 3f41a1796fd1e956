package transform

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// check reports what the lowering does not support, before it starts.
func (l *lowerer) check() {
	var walk func(n ast.Node, inLit bool)
	walk = func(n ast.Node, inLit bool) {
		ast.Inspect(n, func(m ast.Node) bool {
			switch m := m.(type) {
			case *ast.FuncLit:
				if !inLit {
					walk(m.Body, true)
					return false
				}
			case *ast.CallExpr:
				if inLit {
					if k, fn := l.suspensionOf(m); k == awaitCall || k == yieldCall {
						l.unsupported(m.Pos(), "rt."+fn.Name()+" in a function literal is not supported across an await yet",
							"move the code into an //async function and call it")
					}
				}
			case *ast.DeferStmt:
				if !inLit {
					l.hasDefer = true
					l.checkDefer(m)
				}
			case *ast.BranchStmt:
				if !inLit && m.Tok == token.GOTO {
					l.labelUses[m.Label.Name]++
					l.hasGoto = true
				}
			}
			return true
		})
	}
	walk(l.fn.Body, false)
	l.checkCgo()
}

// checkDefer reports a defer statement of the function itself that defers
// an async call (it would block the loop), and notes a deferred function
// literal that calls recover (the frame then needs Recovered).
func (l *lowerer) checkDefer(d *ast.DeferStmt) {
	if k, _ := l.suspensionOf(d.Call); k != notSuspension {
		l.unsupported(d.Pos(), "deferring a call of an async function, rt.Await or rt.Yield is not supported",
			"call it before each return instead")
		return
	}
	if lit, ok := ast.Unparen(d.Call.Fun).(*ast.FuncLit); ok && l.recoversIn(lit) {
		l.hasRecover = true
	}
}

// recoversIn reports whether the deferred function literal lit calls
// recover itself (not in a function literal of its own), and so may stop a
// panic of the frame.
func (l *lowerer) recoversIn(lit *ast.FuncLit) bool {
	found := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			found = found || l.isRecover(n)
		}
		return !found
	})
	return found
}

func (l *lowerer) isRecover(call *ast.CallExpr) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := l.info.Uses[id].(*types.Builtin)
	return ok && b.Name() == "recover"
}

// cgoPrefixes are the prefixes of the names that cgo gives C.x in the Go
// files it writes, which go/packages type-checks in place of the user's.
var cgoPrefixes = []string{"_Cfunc_", "_Ctype_", "_Cvar_", "_Cmacro_", "_Ciconst_", "_Cfconst_", "_Csconst_"}

// checkCgo reports the references to C of the function: its syntax is
// cgo's rewrite of the user's (C.add is _Cfunc_add), which generated code
// cannot name, and the generated file has no cgo preamble.
func (l *lowerer) checkCgo() {
	ast.Inspect(l.fn, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		if id.Name == "_cgoCheckPointer" {
			l.unsupported(id.Pos(), "passing a pointer to C is not supported in an async function yet",
				"make the call of C from a plain function")
			return true
		}
		for _, p := range cgoPrefixes {
			if name, ok := strings.CutPrefix(id.Name, p); ok {
				l.unsupported(id.Pos(), "C."+name+" is not supported in an async function yet",
					"use C from a plain function and call that")
				break
			}
		}
		return true
	})
}

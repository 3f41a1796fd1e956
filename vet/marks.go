package vet

import (
	"go/ast"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
)

// isAsyncFact marks an async function, for the packages that call it.
type isAsyncFact struct{}

func (*isAsyncFact) AFact()         {}
func (*isAsyncFact) String() string { return "async" }

// markers finds the async functions of a package and exports a fact for
// each; the other analyzers require it to tell an await from a call.
var markers = &analysis.Analyzer{
	Name:       "asyncmarkers",
	Doc:        "find the functions marked //async",
	Run:        runMarkers,
	FactTypes:  []analysis.Fact{new(isAsyncFact)},
	ResultType: reflect.TypeFor[*marks](),
}

// marks is the result of markers.
type marks struct {
	pass  *analysis.Pass // the markers pass, whose facts these are
	decls []*ast.FuncDecl
	own   map[*types.Func]bool
}

// isAsync reports whether fn, of this package or another, is async.
func (m *marks) isAsync(fn *types.Func) bool {
	if fn == nil {
		return false
	}
	fn = fn.Origin()
	if m.own[fn] {
		return true
	}
	if fn.Pkg() == nil || fn.Pkg() == m.pass.Pkg {
		return false
	}
	return m.pass.ImportObjectFact(fn, new(isAsyncFact))
}

func runMarkers(pass *analysis.Pass) (any, error) {
	m := &marks{pass: pass, decls: asyncFuncs(pass), own: map[*types.Func]bool{}}
	for _, fd := range m.decls {
		if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
			m.own[fn] = true
			pass.ExportObjectFact(fn, new(isAsyncFact))
		}
	}
	return m, nil
}

package vet

import (
	"cmp"
	"fmt"
	"go/token"
	"go/types"
	"os"
	"reflect"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// A Finding is a diagnostic of one of the analyzers.
type Finding struct {
	Analyzer string
	Pos      token.Position
	Message  string
}

// String formats the finding as file:line:col: message (analyzer).
func (f Finding) String() string {
	return fmt.Sprintf("%s: %s (%s)", f.Pos, f.Message, f.Analyzer)
}

// Check runs the analyzers, and those they require, over each package of
// pkgs on its own: pkgs must have been loaded with syntax and type
// information, and their dependencies need not be. Without the
// dependencies' facts, Blocking sees through the package's own functions
// only. This is how asyncgen runs the Cheap analyzers on the packages it
// has loaded anyway. The findings are sorted and without duplicates (a
// package and its test variant share files).
func Check(fset *token.FileSet, pkgs []*packages.Package, analyzers []*analysis.Analyzer) ([]Finding, error) {
	var out []Finding
	for _, p := range pkgs {
		if p.Types == nil || p.TypesInfo == nil || len(p.Syntax) == 0 {
			continue
		}
		d := &driver{fset: fset, pkg: p, results: map[*analysis.Analyzer]any{}, facts: map[factKey]analysis.Fact{}}
		for _, a := range analyzers {
			if _, err := d.run(a); err != nil {
				return nil, fmt.Errorf("%s: %s: %v", p.ID, a.Name, err)
			}
		}
		out = append(out, d.findings...)
	}
	slices.SortFunc(out, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Pos.Filename, b.Pos.Filename), cmp.Compare(a.Pos.Offset, b.Pos.Offset), cmp.Compare(a.Message, b.Message))
	})
	return slices.Compact(out), nil
}

type factKey struct {
	a   *analysis.Analyzer
	obj types.Object
	t   reflect.Type
}

// driver runs analyzers over one package.
type driver struct {
	fset     *token.FileSet
	pkg      *packages.Package
	results  map[*analysis.Analyzer]any
	facts    map[factKey]analysis.Fact
	findings []Finding
}

func (d *driver) run(a *analysis.Analyzer) (any, error) {
	if r, ok := d.results[a]; ok {
		return r, nil
	}
	resultOf := map[*analysis.Analyzer]any{}
	for _, req := range a.Requires {
		r, err := d.run(req)
		if err != nil {
			return nil, err
		}
		resultOf[req] = r
	}
	p := d.pkg
	pass := &analysis.Pass{
		Analyzer:   a,
		Fset:       d.fset,
		Files:      p.Syntax,
		OtherFiles: p.OtherFiles,
		Pkg:        p.Types,
		TypesInfo:  p.TypesInfo,
		TypesSizes: p.TypesSizes,
		ResultOf:   resultOf,
		ReadFile:   os.ReadFile,
		Report: func(diag analysis.Diagnostic) {
			d.findings = append(d.findings, Finding{Analyzer: a.Name, Pos: d.fset.Position(diag.Pos), Message: diag.Message})
		},
		ImportObjectFact: func(obj types.Object, fact analysis.Fact) bool {
			f, ok := d.facts[factKey{a, obj, reflect.TypeOf(fact)}]
			if ok {
				reflect.ValueOf(fact).Elem().Set(reflect.ValueOf(f).Elem())
			}
			return ok
		},
		ExportObjectFact: func(obj types.Object, fact analysis.Fact) {
			d.facts[factKey{a, obj, reflect.TypeOf(fact)}] = fact
		},
		ImportPackageFact: func(*types.Package, analysis.Fact) bool { return false },
		ExportPackageFact: func(analysis.Fact) {},
		AllObjectFacts:    func() []analysis.ObjectFact { return nil },
		AllPackageFacts:   func() []analysis.PackageFact { return nil },
	}
	r, err := a.Run(pass)
	if err != nil {
		return nil, err
	}
	d.results[a] = r
	return r, nil
}

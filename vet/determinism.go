package vet

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Determinism reports what makes an async function behave differently
// from run to run under a simulated clock and scheduler. It reports
// nothing unless its flag -enable is set.
var Determinism = &analysis.Analyzer{
	Name:     "determinism",
	Doc:      "report determinism hazards in //async functions (off unless -enable)\n\nCode meant to run in simulation must take time and randomness from the loop and keep its own order: time.Now and time.Since read the wall clock instead of the loop's (rt.WithClock), math/rand draws from a source the simulation does not seed, a go statement runs outside the loop's schedule, and the order of a range over a map changes from run to run.",
	URL:      "https://pkg.go.dev/github.com/asyncgen/asyncgen/vet#Determinism",
	Run:      runDeterminism,
	Requires: []*analysis.Analyzer{markers},
}

var determinismOn bool

func init() {
	Determinism.Flags.BoolVar(&determinismOn, "enable", false, "report determinism hazards")
}

func runDeterminism(pass *analysis.Pass) (any, error) {
	if !determinismOn {
		return nil, nil
	}
	m := pass.ResultOf[markers].(*marks)
	info := pass.TypesInfo
	for _, fd := range m.decls {
		name := fd.Name.Name
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GoStmt:
				pass.Reportf(n.Pos(), "go statement in async function %s runs outside the loop's schedule: make it a task (Loop.Spawn, an rt.Group) for a deterministic order", name)
			case *ast.RangeStmt:
				if _, ok := info.TypeOf(n.X).Underlying().(*types.Map); ok {
					pass.Reportf(n.Pos(), "range over a map in async function %s visits keys in a different order each run: range over the sorted keys (slices.Sorted(maps.Keys(m)))", name)
				}
			case *ast.CallExpr:
				fn := callee(info, n)
				if fn == nil || fn.Pkg() == nil {
					break
				}
				switch path := fn.Pkg().Path(); {
				case path == "time" && (fn.Name() == "Now" || fn.Name() == "Since" || fn.Name() == "Until"):
					pass.Reportf(n.Pos(), "time.%s in async function %s reads the wall clock, not the loop's: take the time from the clock the loop is given (rt.WithClock)", fn.Name(), name)
				case path == "math/rand" || path == "math/rand/v2":
					if fn.Type().(*types.Signature).Recv() == nil && !strings.HasPrefix(fn.Name(), "New") {
						pass.Reportf(n.Pos(), "%s.%s in async function %s draws from the global source, which a simulation does not seed: draw from a *rand.Rand seeded by the simulation", fn.Pkg().Name(), fn.Name(), name)
					}
				}
			}
			return true
		})
	}
	return nil, nil
}

// Asyncgen-vet is the analyzers of package
// github.com/asyncgen/asyncgen/vet as a vet tool:
//
//	go install github.com/asyncgen/asyncgen/cmd/asyncgen-vet
//	go vet -vettool=$(which asyncgen-vet) ./...
//
// It reports blocking calls in functions marked //async (directly or
// through the functions they call), awaits with a mutex held, tasks and
// ops that are dropped, and generated files that are stale, missing or
// left over; with -determinism.enable, determinism hazards too. The
// flags of each analyzer are go vet's flags ("go vet
// -vettool=$(which asyncgen-vet) -blocking.funcs=example.com/db.Query");
// "go doc github.com/asyncgen/asyncgen/vet" describes the checks.
// "asyncgen vet" does the same without a second command.
package main

import (
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/asyncgen/asyncgen/vet"
)

func main() { unitchecker.Main(vet.Analyzers()...) }

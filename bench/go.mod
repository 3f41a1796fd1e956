module github.com/asyncgen/asyncgen/bench

go 1.26.0

require github.com/asyncgen/asyncgen v0.0.0-00010101000000-000000000000

require (
	github.com/aclements/go-moremath v0.0.0-20210112150236-f10218a38794 // indirect
	golang.org/x/perf v0.0.0-20260908200009-22c9c6c9d4da // indirect
	golang.org/x/sys v0.50.0 // indirect
)

replace github.com/asyncgen/asyncgen => ../

tool golang.org/x/perf/cmd/benchstat

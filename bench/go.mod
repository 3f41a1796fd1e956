module github.com/asyncgen/asyncgen/bench

go 1.26.0

require (
	github.com/asyncgen/asyncgen v0.0.0-00010101000000-000000000000
	github.com/panjf2000/gnet/v2 v2.9.7
)

require (
	github.com/aclements/go-moremath v0.0.0-20210112150236-f10218a38794 // indirect
	github.com/dave/jennifer v1.7.1 // indirect
	github.com/panjf2000/ants/v2 v2.11.3 // indirect
	github.com/rogpeppe/go-internal v1.16.0 // indirect
	github.com/valyala/bytebufferpool v1.0.0 // indirect
	go.uber.org/multierr v1.11.0 // indirect
	go.uber.org/zap v1.27.0 // indirect
	golang.org/x/mod v0.42.0 // indirect
	golang.org/x/perf v0.0.0-20260908200009-22c9c6c9d4da // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/sys v0.50.0 // indirect
	golang.org/x/tools v0.52.0 // indirect
	gopkg.in/natefinch/lumberjack.v2 v2.2.1 // indirect
)

replace github.com/asyncgen/asyncgen => ../

tool (
	github.com/asyncgen/asyncgen/cmd/asyncgen
	golang.org/x/perf/cmd/benchstat
)

# asyncgen: see README.md. `make test` is what CI runs.
GO ?= go
EXAMPLES := hello crawl echo kv logtail

.PHONY: build test demo bench generate check vet asyncvet race gotest crossvet asyncgen tools bench-http bench-instr conformance conformance-sample

# tools installs the load tools that the HTTP tests and benchmarks use,
# curl and wrk, from Debian's packages when they are missing.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
tools:
	@missing=""; for t in curl wrk; do command -v $$t >/dev/null || missing="$$missing $$t"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing$$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

build:
	$(GO) build ./...

asyncgen:
	$(GO) build -o bin/asyncgen ./cmd/asyncgen

# generate rewrites every //async function in the repository's own packages
# (bench/ is a module of its own).
generate: asyncgen
	bin/asyncgen ./...
	cd bench && ../bin/asyncgen ./...

# check fails if a generated file is missing, stale or left over: the CI
# codegen step.
check: asyncgen
	bin/asyncgen -check -diff ./...
	cd bench && ../bin/asyncgen -check -diff ./...

vet:
	$(GO) vet ./...
	@files=$$(gofmt -l $$(git ls-files '*.go' | grep -v 'testdata/')); \
	if [ -n "$$files" ]; then echo "not gofmt'd:" $$files; exit 1; fi

# asyncvet runs asyncgen's own analyzers (package vet: blocking calls in
# async functions, awaits under a lock, dropped tasks, stale generated
# files) over the repository's packages and examples, and bench's; a
# finding fails it.
asyncvet: asyncgen
	bin/asyncgen vet ./...
	cd bench && ../bin/asyncgen vet ./...

crossvet:
	GOOS=darwin $(GO) vet ./rt/...
	GOOS=freebsd $(GO) vet ./rt/...
	GOOS=windows $(GO) vet ./rt/...

# race runs the runtime's tests under the race detector. The generator is
# single-threaded and its tests mostly run the go command, which -race
# only slows down, so gotest runs them (and everything else) without it.
race:
	$(GO) test -race -count=1 -timeout 20m ./rt/...

gotest:
	$(GO) test -count=1 -timeout 20m ./...

test: tools vet crossvet check asyncvet race gotest conformance-sample
	cd bench && $(GO) vet ./... && $(GO) test -short -count=1 -run . -bench . -benchtime 1x ./...


# conformance runs Go's own "// run" test programs (test/ken and
# test/*.go), made async (every function marked, with yields at its start,
# in its loops and cases and before its returns), through the differential
# test, and reports what passed, failed and was skipped, with the reason:
# see internal/conformance. conformance-sample is its bounded part that
# make test runs: test/ken.
conformance:
	$(GO) run ./internal/conformance

conformance-sample:
	$(GO) run ./internal/conformance -sets ken

# demo regenerates the examples' state machines and runs them.
demo: asyncgen
	bin/asyncgen ./examples/...
	@for e in $(EXAMPLES); do echo "== examples/$$e"; $(GO) run ./examples/$$e || exit 1; done
	@echo "== examples/httpd -demo"; $(GO) run ./examples/httpd -demo

# bench-http runs wrk against examples/httpd and a net/http server with the
# same route and prints benchstat ratios.
bench-http: tools
	cd bench && ./http.sh | tee /tmp/asyncgen-bench-http.txt
	cd bench && $(GO) tool benchstat -col /impl /tmp/asyncgen-bench-http.txt

# bench-instr counts the instructions the echo servers run per request
# under valgrind (bench/instr.sh), installing valgrind when it is missing.
bench-instr:
	@command -v valgrind >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind; }
	for impl in task gnet goroutine; do IMPL=$$impl bench/instr.sh; done

# bench runs each benchmark beside its baseline, six rounds of all
# (bench/run.sh), and prints benchstat ratios.
bench:
	bench/run.sh | tee /tmp/asyncgen-bench.txt
	cd bench && $(GO) tool benchstat -col /impl /tmp/asyncgen-bench.txt

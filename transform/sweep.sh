#!/usr/bin/env bash
# sweep.sh turns Go's own "// run" test programs (test/ken and the
# top-level test/*.go of this machine's GOROOT) into async programs, main
# becoming an //async Main, and runs them through TestPrograms: blocking
# mode against generated, output and vet compared. A program whose
# blocking form does not build or fails is a reference that cannot be
# used, reported as such.
#
#	transform/sweep.sh            # or: make sweep
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
gr=$(go env GOROOT)/test
n=0
for f in "$gr"/ken/*.go "$gr"/*.go; do
	head -1 "$f" | grep -qx '// run' || continue
	grep -q '^func main() {' "$f" || continue
	grep -q '^//go:build\|^// +build' "$f" && continue
	case $f in
	"$gr"/ken/*) name=ken-$(basename "$f" .go) ;;
	*) name=go-$(basename "$f" .go) ;;
	esac
	mkdir -p "$corpus/$name"
	sed 's|^func main() {|//async\nfunc Main() {|' "$f" > "$corpus/$name/main.go"
	n=$((n + 1))
done
echo "sweep: $n programs" >&2
ASYNCGEN_CORPUS=$corpus go test ./transform -run 'TestPrograms$' -count=1 -timeout 30m "$@"

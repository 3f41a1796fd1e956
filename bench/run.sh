#!/usr/bin/env bash
# run.sh runs the benchmarks COUNT times (6) in rounds: the test binary is
# built once, and each round runs every benchmark that BENCH matches (all)
# once, each beside its baseline, before the next round begins. A
# benchmark and its baseline are then measured minutes apart at most, not
# one after the other's COUNT runs, so that a machine whose speed drifts
# (a shared or virtual one) shifts both alike and the ratios that
# benchstat prints stay fair:
#
#	bench/run.sh > /tmp/bench.txt && (cd bench && go tool benchstat -col /impl /tmp/bench.txt)
#
# BENCHTIME sets each run's -benchtime (Go's default, 1s); further
# arguments go to the test binary as they are (-test.cpu 1,2, say).
set -euo pipefail
cd "$(dirname "$0")"
COUNT=${COUNT:-6}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go test -c -o "$tmp/bench.test" .
args=(-test.run '^$' -test.bench "${BENCH:-.}" -test.benchmem -test.count 1)
[ -n "${BENCHTIME:-}" ] && args+=(-test.benchtime "$BENCHTIME")
for i in $(seq "$COUNT"); do
	# The header (goos, pkg, cpu) once; the PASS lines never.
	"$tmp/bench.test" "${args[@]}" "$@" | if [ "$i" = 1 ]; then grep -v '^PASS$'; else grep '^Benchmark'; fi
done

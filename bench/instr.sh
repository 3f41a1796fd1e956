#!/usr/bin/env bash
# instr.sh counts the user-space instructions an echo server runs per
# request, under valgrind's callgrind: a figure that does not move with a
# shared machine's speed, as wall-clock and CPU time do (by 20% and more
# on the VM the README's figures come from), for comparing a change to
# the server's own code. The server is BenchmarkEcho's child process
# (IMPL: task, gnet or goroutine; one loop, GOMAXPROCS=1), the load
# bench/echoload in a process of its own; the count is the difference
# between runs of N1 and N2 requests, divided by N2-N1, which leaves out
# start-up and connection set-up. System calls count as the instructions
# of Go's wrappers around them, not the kernel's work.
#
# The loop server runs without its io_uring (ASYNCGEN_IORING=0, unless
# the environment says otherwise): with it, every run we tried died under
# valgrind 3.19 (see counted), so the count is of the path that makes a
# system call an op.
#
#	bench/instr.sh            # IMPL=task N1=20000 N2=60000 CONNS=200
#	IMPL=gnet bench/instr.sh
#	CACHE=1 bench/instr.sh    # and simulated L1 data cache misses
#
# With CACHE=1, callgrind also simulates the caches (of this machine's
# sizes) and the script prints the L1 data read and write misses per
# request: how many cache lines of its own the server touches afresh for
# each request. The simulation sees no other process and no kernel, which
# evict more on a real machine, so the figures are a floor.
#
# The count moves with how often the slowed server finds nothing to do
# and waits: by a few percent between runs on a quiet machine, by up to a
# third while other processes load it. Without valgrind it says so and
# exits 0.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v valgrind >/dev/null; then
	echo "instr.sh: valgrind is not installed (apt-get install valgrind)" >&2
	exit 0
fi
IMPL=${IMPL:-task} N1=${N1:-20000} N2=${N2:-60000} CONNS=${CONNS:-200}
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$tmp"' EXIT
go test -c -o "$tmp/bench.test" .
go build -o "$tmp/echoload" ./echoload

sim=()
[ -n "${CACHE:-}" ] && sim=(--cache-sim=yes)

# count runs the server under callgrind for n requests and prints the
# instructions it collected, and with CACHE the L1 data read and write
# misses.
count() {
	mkfifo "$tmp/in"
	sleep 3600 > "$tmp/in" & # the server's standard input: it exits when this closes
	local hold=$!
	BENCH_SERVER=$IMPL GOMAXPROCS=1 GODEBUG=asyncpreemptoff=1 ASYNCGEN_IORING=${ASYNCGEN_IORING:-0} valgrind --tool=callgrind "${sim[@]}" \
		--callgrind-out-file="$tmp/cg.out" "$tmp/bench.test" -test.run='^$' < "$tmp/in" > "$tmp/out" 2> "$tmp/err" &
	local srv=$!
	for _ in $(seq 300); do
		grep -q '^addr ' "$tmp/out" 2>/dev/null && break
		sleep 0.1
	done
	local load=0
	"$tmp/echoload" -addr "$(awk '/^addr /{print $2}' "$tmp/out")" -conns "$CONNS" -n "$1" || load=$?
	kill $hold
	wait $srv || true
	rm "$tmp/in"
	if [ "$load" != 0 ]; then
		grep -m1 'unhandled instruction\|^SIGILL' "$tmp/err" >&2 || true
		return 1
	fi
	if [ -z "${CACHE:-}" ]; then
		awk '/Collected :/{print $NF}' "$tmp/err"
		return
	fi
	# The events line names the columns, the summary line counts them.
	awk '/^events:/{for (i = 2; i <= NF; i++) col[$i] = i - 1}
		/^summary:/{print $(col["Ir"] + 1), $(col["D1mr"] + 1), $(col["D1mw"] + 1)}' "$tmp/cg.out"
}
# counted runs count's figures for n requests, trying again when the load
# fails: the server can die under valgrind, which (3.19) cannot run the
# rdtscp instruction that Go's runtime uses while it spins on a contended
# lock, a rare event that a slowed server makes likelier. A failed run's
# count would be of fewer requests than asked, so it is never printed.
counted() {
	local out
	for _ in 1 2 3; do
		if out=$(count "$1"); then
			echo "$out"
			return
		fi
		echo "instr.sh: the load failed (the server died under valgrind?): again" >&2
	done
	echo "instr.sh: the load failed three times" >&2
	exit 1
}
a=($(counted "$N1"))
b=($(counted "$N2"))
n=$((N2 - N1))
echo "impl=$IMPL: $(( (b[0] - a[0]) / n )) instructions per request"
if [ -n "${CACHE:-}" ]; then
	awk -v r=$((b[1] - a[1])) -v w=$((b[2] - a[2])) -v n=$n \
		'BEGIN {printf "impl='"$IMPL"': %.1f L1 data read misses, %.1f write misses per request (simulated)\n", r / n, w / n}'
fi

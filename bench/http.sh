#!/usr/bin/env bash
# http.sh runs wrk against examples/httpd (impl=task) and against a
# net/http server with the same route (impl=nethttp, bench/nethttpd), one
# after the other on this machine, and prints the figures in the
# benchmark format, so that benchstat pairs them:
#
#	bench/http.sh > /tmp/http.txt && (cd bench && go tool benchstat -col /impl /tmp/http.txt)
#
# The client and the servers get CPUs of their own (taskset): wrk the
# last CPU, the servers the others, so that the client never takes CPU
# time from the server it measures. Both servers run at Go's default
# GOMAXPROCS, which follows the CPUs they may use, and httpd with
# -loops 0, a loop per such CPU: on 2 CPUs that is one CPU and one loop
# for the server; on 8, seven loops against net/http at GOMAXPROCS=7.
#
# req/s is wrk's requests per second, p99-ms its 99th percentile latency,
# ns/op the mean time per request (1e9 / req/s), cpu-us/req the server
# process's CPU time (user and system, from /proc, Linux only) over the
# requests it answered. Settings come from the environment: COUNT runs
# of each (6), DURATION of each run (5s), CONNS connections (100),
# THREADS wrk threads (1), LOOPS httpd's -loops (0: one per CPU it may
# use), SERVER_CPUS and CLIENT_CPUS the taskset lists (by default the
# split above; PIN=0 lets every process use every CPU, as when the
# client shares the server's cores). Without wrk it says so and exits 0.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v wrk >/dev/null; then
	echo "http.sh: wrk is not installed (apt-get install wrk): no HTTP benchmark" >&2
	exit 0
fi
COUNT=${COUNT:-6}
DURATION=${DURATION:-5s}
CONNS=${CONNS:-100}
THREADS=${THREADS:-1}
LOOPS=${LOOPS:-0}
PIN=${PIN:-1}
ncpu=$(nproc)
server=() client=()
if [ "$PIN" = 1 ] && [ "$ncpu" -ge 2 ] && command -v taskset >/dev/null; then
	server=(taskset -c "${SERVER_CPUS:-0-$((ncpu - 2))}")
	client=(taskset -c "${CLIENT_CPUS:-$((ncpu - 1))}")
fi

tmp=$(mktemp -d)
pid=
cleanup() {
	if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
	rm -rf "$tmp"
}
trap cleanup EXIT
(cd .. && go build -o "$tmp/httpd" ./examples/httpd)
go build -o "$tmp/nethttpd" ./nethttpd

# run IMPL BINARY: one wrk run against a fresh server.
run() {
	local impl=$1 bin=$2
	local args=()
	[ "$impl" = task ] && args=(-loops "$LOOPS")
	"${server[@]}" "$bin" -addr 127.0.0.1:0 "${args[@]}" > "$tmp/out" &
	pid=$!
	local url=
	for _ in $(seq 100); do
		url=$(sed -n 's/^serving on //p' "$tmp/out")
		[ -n "$url" ] && break
		sleep 0.05
	done
	[ -n "$url" ] || { echo "http.sh: $impl did not start" >&2; exit 1; }
	"${client[@]}" wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$url/" > "$tmp/wrk"
	# The server's CPU time so far, user and system, in clock ticks.
	local ticks
	ticks=$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)
	kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
	if grep -q 'Non-2xx\|Socket errors' "$tmp/wrk"; then
		echo "http.sh: $impl: errors:" >&2
		cat "$tmp/wrk" >&2
		exit 1
	fi
	awk -v impl="$impl" -v ticks="$ticks" -v hz="$(getconf CLK_TCK)" '
		function ms(v) {
			if (v ~ /us$/) return v / 1000
			if (v ~ /ms$/) return v + 0
			if (v ~ /s$/) return v * 1000
			return v
		}
		/Requests\/sec:/ { rps = $2 }
		/requests in/ { n = $1 }
		$1 == "99%" { p99 = ms($2) }
		END {
			printf "BenchmarkHTTP/impl=%s 1 %.0f ns/op %.0f req/s %.3f p99-ms", impl, 1e9 / rps, rps, p99
			if (ticks > 0) printf " %.2f cpu-us/req", ticks * 1e6 / hz / n
			printf "\n"
		}
	' "$tmp/wrk"
}

echo "goos: $(go env GOOS)"
echo "goarch: $(go env GOARCH)"
echo "pkg: github.com/asyncgen/asyncgen/bench"
echo "server-cpus: ${server[2]:-all}"
echo "client-cpus: ${client[2]:-all}"
echo "loops: $LOOPS"
for _ in $(seq "$COUNT"); do
	run task "$tmp/httpd"
	run nethttp "$tmp/nethttpd"
done

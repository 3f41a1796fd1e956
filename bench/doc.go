// Package bench measures the asyncgen runtime against goroutines. Each
// benchmark BenchmarkX has two halves run side by side, BenchmarkX/impl=task
// (tasks on an rt.Loop, with hand-written frames in the shape asyncgen
// generates) and BenchmarkX/impl=goroutine (the same work done the usual Go
// way). The halves are named impl=..., not plain task and goroutine, because
// benchstat can only put a name part that is a key=value pair in its
// columns, and so show the ratio:
//
//	./run.sh > bench.txt
//	go tool benchstat -col /impl bench.txt
//
// run.sh runs every benchmark in rounds, each beside its baseline once a
// round, so that a machine whose speed drifts shifts both alike; "go test
// -bench . -count 6" works too, but runs the six of each back to back.
//
// The benchmarks:
//   - Spawn: start a task (a goroutine) that finishes at once; procs=1 and
//     procs=N set GOMAXPROCS. A third half, impl=alloc, only allocates the
//     frame each task needs: the floor under impl=task.
//   - PingPong: two tasks hand a value back and forth through two futures
//     reused with Future.Reset (two goroutines over unbuffered channels);
//     one op is one one-way hand-off; procs=1 and procs=N set GOMAXPROCS.
//   - Idle: park 100,000 tasks on one future (goroutines on one channel);
//     B/task is the memory each costs while parked (heap and stacks in use,
//     measured after a GC).
//   - Timers: 100,000 tasks (goroutines) sleeping 1-10 ms; one op is the
//     whole batch.
//   - Call: one direct call of an async function that returns at once
//     (op=Return) or suspends once (op=Suspend), made through the callee's
//     own task (impl=task), with its frame embedded in the caller's
//     (impl=embedded) or taken from the loop's free list (impl=freelist),
//     beside the same function called as a plain Go function that is not
//     inlined (impl=plaincall).
//   - Queue: b.N values from one task to another through an rt.Queue
//     (queue.go's //async functions), against a buffered channel of the
//     same size between two goroutines; size=1 makes every value a
//     hand-off, size=64 lets values go in batches.
//   - TLSEcho: 50 connections echo 64-byte messages over TLS; impl=task
//     is tls.go's //async server (rt.TLSServer) on one loop, impl=goroutine
//     a goroutine-per-connection crypto/tls server. The clients share the
//     process: their cost is on both sides alike.
//   - Sim: rt/sim. op=hour simulates an hour of one-second sleeps (the
//     wall time of a virtual hour); op=spin runs 100 tasks that yield 100
//     times on a real loop (impl=real) and on a simulated one (impl=sim),
//     one op a whole run: for impl=sim, seeds per second.
//   - Echo: 1,000 (10 with -short) connections over loopback
//     each send a 64-byte message and wait for it to come back; impl=task
//     is echo.go's //async server on one loop, impl=goroutine a
//     goroutine-per-connection net server, impl=gnet gnet's echo callback
//     on one event loop. The server runs in a child process at
//     GOMAXPROCS=1 (see net_test.go): req/s is messages echoed per second,
//     cpu-us/req the server process's CPU time (getrusage) per message.
//   - EchoMulticore: Echo with the server at Go's default GOMAXPROCS:
//     impl=loops runs examples/echo's handler on a loop per CPU (rt.Loops;
//     one loop accepts and hands connections round robin), impl=goroutine
//     the goroutine-per-connection server, impl=gnet-multicore gnet with
//     an event loop per CPU.
//   - IdleConns: 10,000 (100 with -short) connections each echo one
//     message and stay open; B/conn is the server's heap and stacks per
//     connection, after a GC. Run it with -benchtime 1x: one op is the
//     whole round.
//   - HTTP: http.sh runs wrk against examples/httpd (a loop per CPU) and
//     a net/http server (nethttpd) with the same route, each at Go's
//     default GOMAXPROCS, and prints req/s, p99-ms and the server's
//     cpu-us/req in this format. wrk runs on the last CPU and the servers
//     on the others (taskset), so the client never competes with the
//     server it measures; PIN=0 lets them share. It needs wrk and skips
//     without it.
//
// BENCH_SERVER_PROFILE=/tmp/p writes each child server's CPU profile to
// /tmp/p.<impl> (and its heap profile, at the memory reading, to
// /tmp/p.<impl>.heap), for go tool pprof.
//
// The module is separate from asyncgen's own so that benchmark tools never
// become dependencies of the runtime.
package bench

// Package bench measures the asyncgen runtime against goroutines. Each
// benchmark BenchmarkX has two halves run side by side, BenchmarkX/impl=task
// (tasks on an rt.Loop, with hand-written frames in the shape asyncgen
// generates) and BenchmarkX/impl=goroutine (the same work done the usual Go
// way). The halves are named impl=..., not plain task and goroutine, because
// benchstat can only put a name part that is a key=value pair in its
// columns, and so show the ratio:
//
//	go test -run '^$' -bench . -benchmem -count 6 > bench.txt
//	go tool benchstat -col /impl bench.txt
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
//
// The module is separate from asyncgen's own so that benchmark tools never
// become dependencies of the runtime.
package bench

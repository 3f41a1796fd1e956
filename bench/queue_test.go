package bench

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/asyncgen/asyncgen/rt"
)

// BenchmarkQueue hands b.N values from one task to another through an
// rt.Queue (impl=task, queue.go's //async functions, generated), and from
// one goroutine to another through a buffered channel of the same size
// (impl=goroutine). One op is one value handed over. With size=1 every
// value is a hand-off (the consumer runs for each); with size=64 values
// go in batches.
func BenchmarkQueue(b *testing.B) {
	for _, c := range []struct{ procs, size int }{{1, 1}, {1, 64}, {runtime.GOMAXPROCS(0), 1}, {runtime.GOMAXPROCS(0), 64}} {
		procs, queueSize := c.procs, c.size
		b.Run(fmt.Sprintf("procs=%d/size=%d/impl=task", procs, queueSize), func(b *testing.B) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			l := newLoop(b)
			q := rt.NewQueue[int](queueSize)
			prod, cons := produceAsync(q, b.N), consumeAsync(q)
			b.ReportAllocs()
			b.ResetTimer()
			l.Spawn(prod)
			l.Spawn(cons)
			if err := l.RunUntil(cons); err != nil {
				b.Fatal(err)
			}
			if sum, err := cons.Result(); err != nil || sum != b.N*(b.N-1)/2 {
				b.Fatalf("sum %d, %v", sum, err)
			}
		})
		b.Run(fmt.Sprintf("procs=%d/size=%d/impl=goroutine", procs, queueSize), func(b *testing.B) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			ch := make(chan int, queueSize)
			b.ReportAllocs()
			b.ResetTimer()
			go func() {
				for i := range b.N {
					ch <- i
				}
				close(ch)
			}()
			sum := 0
			for v := range ch {
				sum += v
			}
			if sum != b.N*(b.N-1)/2 {
				b.Fatalf("sum %d", sum)
			}
		})
	}
}

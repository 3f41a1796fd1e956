package bench

import (
	"testing"

	"github.com/asyncgen/asyncgen/rt"
)

// BenchmarkGenerated runs asyncgen's frames (generated_async.go) beside the
// same functions written by hand (handwritten.go). One op is one await of a
// done future (Await) or one direct call of an async function that finishes
// at once (Call), beside which impl=plaincall is the same function as a
// plain Go call that is not inlined. Targets: generated within 1.15x of
// hand-written, with the same allocations; op=Call at most 10 ns, 5x
// plaincall, and no allocation.
func BenchmarkGenerated(b *testing.B) {
	done := rt.NewFuture[int]()
	done.Resolve(1)
	run := func(b *testing.B, task *rt.Task[int], want int) {
		b.Helper()
		b.ReportAllocs()
		b.ResetTimer()
		got, err := rt.Run(task)
		if err != nil || got != want {
			b.Fatalf("got %d, %v; want %d", got, err, want)
		}
	}
	b.Run("op=Await/impl=generated", func(b *testing.B) {
		run(b, sumAwaitsAsync(done, b.N), b.N)
	})
	b.Run("op=Await/impl=handwritten", func(b *testing.B) {
		run(b, rt.NewTask(&sumAwaitsHand{fut: done, n: b.N}), b.N)
	})
	b.Run("op=Call/impl=plaincall", func(b *testing.B) {
		b.ReportAllocs()
		x := 0
		for range b.N {
			x = addOnePlain(x)
		}
		if x != b.N {
			b.Fatalf("got %d; want %d", x, b.N)
		}
	})
	b.Run("op=Call/impl=generated", func(b *testing.B) {
		run(b, callChainAsync(b.N), b.N)
	})
	b.Run("op=Call/impl=handwritten", func(b *testing.B) {
		run(b, rt.NewTask(&callChainHand{n: b.N}), b.N)
	})
}

// TestGeneratedMatchesHandwritten checks that both versions compute the
// same results, in blocking mode and on a loop, so the benchmark compares
// like with like.
func TestGeneratedMatchesHandwritten(t *testing.T) {
	done := rt.NewFuture[int]()
	done.Resolve(2)
	for _, n := range []int{0, 1, 100, 1000} {
		plain, err := sumAwaits(done, n)
		if err != nil {
			t.Fatal(err)
		}
		gen, err1 := rt.Run(sumAwaitsAsync(done, n))
		hand, err2 := rt.Run(rt.NewTask(&sumAwaitsHand{fut: done, n: n}))
		if err1 != nil || err2 != nil || gen != plain || hand != plain {
			t.Errorf("sumAwaits(%d): plain %d, generated %d (%v), hand-written %d (%v)", n, plain, gen, err1, hand, err2)
		}
		plain, _ = callChain(n)
		gen, err1 = rt.Run(callChainAsync(n))
		hand, err2 = rt.Run(rt.NewTask(&callChainHand{n: n}))
		if err1 != nil || err2 != nil || gen != plain || hand != plain {
			t.Errorf("callChain(%d): plain %d, generated %d (%v), hand-written %d (%v)", n, plain, gen, err1, hand, err2)
		}
	}
}

// TestGeneratedCallAllocs checks that a direct call in generated code
// allocates nothing: a thousand calls cost what one does.
func TestGeneratedCallAllocs(t *testing.T) {
	l, err := rt.NewLoop()
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	l.RunUntil(callChainAsync(10)) // fill the ready queue
	cost := func(n int) float64 {
		return testing.AllocsPerRun(10, func() { l.RunUntil(callChainAsync(n)) })
	}
	if a := cost(1000) - cost(1); a != 0 {
		t.Errorf("999 more direct calls cost %v allocations; want 0", a)
	}
}

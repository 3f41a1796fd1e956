package bench

import (
	"testing"

	"github.com/asyncgen/asyncgen/rt"
	"github.com/asyncgen/asyncgen/rt/sim"
)

// BenchmarkSim measures rt/sim. op=hour: one op simulates an hour of
// sleeps in one-second steps (3,600 timers; target: under a second of
// wall time). op=spin: 100 tasks yield 100 times each, on a real loop
// (impl=real) and on a simulated one (impl=sim), whose seeded scheduler
// draws a random number for every pick; one op is the whole run, so ops
// per second are seeds per second for this workload.
func BenchmarkSim(b *testing.B) {
	b.Run("op=hour/impl=sim", func(b *testing.B) {
		b.ReportAllocs()
		for i := range b.N {
			if _, tr, err := sim.Run(uint64(i), sleepHourAsync); err != nil || tr.Elapsed.Hours() != 1 {
				b.Fatal(err, tr.Elapsed)
			}
		}
	})
	b.Run("op=spin/impl=real", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			if _, err := rt.Run(spinAsync(100, 100)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("op=spin/impl=sim", func(b *testing.B) {
		b.ReportAllocs()
		for i := range b.N {
			if _, _, err := sim.Run(uint64(i), func() *rt.Task[struct{}] { return spinAsync(100, 100) }); err != nil {
				b.Fatal(err)
			}
		}
	})
}

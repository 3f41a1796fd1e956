package bench

import (
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/examples/kv/quorum"
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

// BenchmarkSimKV measures rt/sim on examples/kv's replicated store
// (quorum.Simulate: three replicas on simulated hosts, a client, and with
// faults crashes, partitions and resets). op=hour: one op is one seed's
// hour of virtual time, the client pausing a second on average between
// operations; it reports virtual seconds per wall second (target: over
// 3,600, an hour in under a second). op=seed: one op is one seed of the
// test's workload, a minute with a pause of 100 ms, so ops per second
// are seeds per second.
func BenchmarkSimKV(b *testing.B) {
	run := func(b *testing.B, s quorum.Sim) {
		b.ReportAllocs()
		var virtual time.Duration
		for i := range b.N {
			_, tr, err := quorum.Simulate(uint64(i+1), s)
			if err != nil {
				b.Fatal(err)
			}
			virtual += tr.Elapsed
		}
		b.ReportMetric(virtual.Seconds()/b.Elapsed().Seconds(), "virtual-s/s")
	}
	b.Run("op=hour", func(b *testing.B) {
		run(b, quorum.Sim{Fixed: true, Faults: true, Duration: time.Hour, Think: time.Second})
	})
	b.Run("op=seed", func(b *testing.B) {
		run(b, quorum.Sim{Fixed: true, Faults: true, Duration: time.Minute, Think: 100 * time.Millisecond})
	})
}

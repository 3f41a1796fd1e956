package bench

import (
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

// sleepHour sleeps an hour in steps of a second: BenchmarkSim's
// op=hour workload, an hour of virtual time.
//
// async
func sleepHour() int {
	for range 3600 {
		rt.Await(rt.Sleep(time.Second))
	}
	return 3600
}

// spin runs tasks tasks that each yield steps times: BenchmarkSim's
// op=spin workload, CPU-bound scheduling.
//
// async
func spin(tasks, steps int) error {
	var g rt.Group
	for range tasks {
		g.Go(spinOneAsync(steps))
	}
	_, err := rt.Await(g.Wait())
	return err
}

// spinOne yields steps times.
//
// async
func spinOne(steps int) {
	for range steps {
		rt.Yield()
	}
}

package quorum

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/asyncgen/asyncgen/rt"
	"github.com/asyncgen/asyncgen/rt/sim"
)

// A Run is what a workload did: how many operations it completed.
type Run struct {
	Ops int
}

// Work runs operations against the store through c until the clock
// passes until: reads and writes of keys "k0" to "k<keys-1>", chosen with
// rnd, each read checked against the last write of its key, with a pause
// of up to twice think after each. It fails at the first read that does
// not return what was last written.
//
// async
func Work(c *Client, keys int, think time.Duration, until time.Time, rnd *rand.Rand) (Run, error) {
	type write struct {
		value   string
		version uint64
	}
	last := map[string]write{}
	var run Run
	for sim.Now().Before(until) {
		key := fmt.Sprint("k", rnd.IntN(keys))
		if rnd.IntN(2) == 0 {
			value := fmt.Sprint("v", run.Ops)
			if _, err := rt.Await(PutAsync(c, key, value)); err != nil {
				return run, err
			}
			last[key] = write{value, c.version}
		} else {
			got, err := rt.Await(GetAsync(c, key))
			if err != nil {
				return run, err
			}
			if want := last[key]; got.Value != want.value {
				return run, fmt.Errorf("stale read after %d operations: %s is %q (version %d), want %q (version %d)",
					run.Ops, key, got.Value, got.Version, want.value, want.version)
			}
		}
		run.Ops++
		if think > 0 {
			rt.Await(rt.Sleep(time.Duration(rnd.Int64N(int64(2 * think)))))
		}
	}
	return run, nil
}

// A Sim says how Simulate runs the store.
type Sim struct {
	Fixed    bool          // the replicas catch up after a restart
	Duration time.Duration // of virtual time the client works for
	Faults   bool          // crashes, partitions, resets and random latency
	Keys     int           // how many keys the client uses; 0 means 10
	Think    time.Duration // the client's mean pause between operations
}

// Simulate runs the store in a world for seed: three replicas on hosts
// r1, r2 and r3, a client on the main loop working for s.Duration, and,
// with s.Faults, a saboteur that now and then cuts a replica off from
// everyone for up to three seconds, or crashes one (while all three are
// ready: one failure at a time is what three replicas survive) and
// restarts it up to three seconds later, on a network that resets one
// connection in a thousand.
func Simulate(seed uint64, s Sim) (Run, sim.Trace, error) {
	return sim.Run(seed, func() *rt.Task[Run] {
		w := sim.Running()
		names := []string{"r1", "r2", "r3"}
		addrs := []string{"r1:7000", "r2:7000", "r3:7000"}
		replicas := make([]*Replica, len(names))
		hosts := make([]*sim.Host, len(names))
		if s.Faults {
			w.SetNet(sim.NetConfig{Reset: 0.001})
		} else {
			w.SetNet(sim.NetConfig{Latency: sim.UniformLatency(time.Millisecond, time.Millisecond)})
		}
		for i, name := range names {
			var peers []string
			for j, a := range addrs {
				if j != i {
					peers = append(peers, a)
				}
			}
			boots := 0
			hosts[i] = w.Host(name)
			hosts[i].Start(func() rt.AnyTask {
				boots++
				replicas[i] = NewReplica()
				return ListenAsync(replicas[i], ":7000", peers, boots > 1, s.Fixed)
			})
		}
		until := w.Now().Add(s.Duration)
		c := &Client{Replicas: addrs}
		keys := s.Keys
		if keys == 0 {
			keys = 10
		}
		work := WorkAsync(c, keys, s.Think, until, w.Rand())
		if !s.Faults {
			return work
		}
		return workWithFaultsAsync(w, work, hosts, replicas)
	})
}

// workWithFaults runs the client's Work beside the saboteur.
//
// async
func workWithFaults(w *sim.World, work *rt.Task[Run], hosts []*sim.Host, replicas []*Replica) (Run, error) {
	var g rt.Group
	g.Go(work)
	g.Go(sabotageAsync(w, hosts, replicas, work))
	if _, err := rt.Await(g.Wait()); err != nil {
		return Run{}, err
	}
	return rt.Await(work)
}

// sabotage breaks the cluster now and then until work is done.
//
// async
func sabotage(w *sim.World, hosts []*sim.Host, replicas []*Replica, work *rt.Task[Run]) error {
	r := w.Rand()
	for !work.Done() {
		if _, err := rt.Await(rt.Sleep(time.Duration(r.Int64N(int64(6 * time.Second))))); err != nil {
			return err
		}
		victim := r.IntN(len(hosts))
		pause := time.Duration(r.Int64N(int64(3 * time.Second)))
		switch r.IntN(3) {
		case 0:
			var rest []string
			for i, h := range hosts {
				if i != victim {
					rest = append(rest, h.Name())
				}
			}
			w.Partition([]string{hosts[victim].Name()}, append(rest, "main"))
			if _, err := rt.Await(rt.Sleep(pause)); err != nil {
				return err
			}
			w.Heal()
		case 1:
			ready := true
			for _, rep := range replicas {
				ready = ready && rep.Ready()
			}
			if ready {
				hosts[victim].Crash()
				if _, err := rt.Await(rt.Sleep(pause)); err != nil {
					return err
				}
				hosts[victim].Restart()
			}
		}
	}
	return nil
}

// Command kv runs examples/kv's replicated key-value store (package
// quorum: three replicas, quorum writes and reads) for real or in the
// simulator.
//
// With no flags it runs the three replicas and a client on one loop over
// loopback for a second and reports how many operations it did, each
// read checked against the last write:
//
//	go run ./examples/kv
//
// With -seed it runs one seed of the simulation instead: the replicas on
// simulated hosts, with crashes, partitions and resets, on virtual time.
// Without -fixed the replicas have the planted bug that the quorum
// package's doc describes, which some seeds find:
//
//	go run ./examples/kv -seed 5          # a stale read, and its trace
//	go run ./examples/kv -seed 5 -fixed   # the same seed, fixed
//
// With -search N it runs seeds 1 to N and stops at the first that fails.
package main

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"net"
	"os"
	"time"

	"github.com/asyncgen/asyncgen/examples/kv/quorum"
	"github.com/asyncgen/asyncgen/rt"
)

//go:generate go tool asyncgen

func main() {
	log.SetFlags(0)
	log.SetPrefix("kv: ")
	seed := flag.Uint64("seed", 0, "run seed `n` of the simulation instead of the real thing")
	search := flag.Int("search", 0, "simulate seeds 1 to `n` and report the first that fails")
	fixed := flag.Bool("fixed", false, "simulate the fixed replicas, not the ones with the planted bug")
	d := flag.Duration("d", 0, "how long the client works: by default 1s for real, 1m simulated")
	flag.Parse()
	s := quorum.Sim{Fixed: *fixed, Faults: true, Duration: time.Minute, Think: 100 * time.Millisecond}
	if *d > 0 {
		s.Duration = *d
	}
	switch {
	case *seed > 0:
		run, tr, err := quorum.Simulate(*seed, s)
		fmt.Printf("seed %d: %d operations in %v of virtual time\n%v\n", *seed, run.Ops, tr.Elapsed, tr)
		if err != nil {
			log.Fatal(err)
		}
	case *search > 0:
		start := time.Now()
		for n := uint64(1); n <= uint64(*search); n++ {
			if _, tr, err := quorum.Simulate(n, s); err != nil {
				fmt.Printf("seed %d fails: %v\n%v\nreplay it with: go run ./examples/kv -seed %d\n", n, err, tr, n)
				os.Exit(1)
			}
		}
		fmt.Printf("%d seeds passed in %v\n", *search, time.Since(start).Round(time.Millisecond))
	default:
		if *d == 0 {
			*d = time.Second
		}
		run, err := rt.Run(demoAsync(*d))
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%d operations against 3 replicas on loopback in %v; every read saw the last write\n", run.Ops, *d)
	}
}

// demo runs three replicas on loopback and a client against them for d.
//
// async
func demo(d time.Duration) (quorum.Run, error) {
	var lns []*rt.Listener
	var addrs []string
	for range 3 {
		ln, err := rt.Await(rt.Listen("tcp", "127.0.0.1:0"))
		if err != nil {
			return quorum.Run{}, err
		}
		lns = append(lns, ln)
		addrs = append(addrs, ln.Addr().String())
	}
	var g rt.Group
	for i, ln := range lns {
		var peers []string
		for j, a := range addrs {
			if j != i {
				peers = append(peers, a)
			}
		}
		g.Go(quorum.ServeAsync(quorum.NewReplica(), ln, peers, false, true))
	}
	c := &quorum.Client{Replicas: addrs}
	work := quorum.WorkAsync(c, 10, 5*time.Millisecond, time.Now().Add(d), rand.New(rand.NewPCG(1, 2)))
	g.Go(stopAsync(work, lns))
	if _, err := rt.Await(g.Wait()); err != nil && !errors.Is(err, net.ErrClosed) {
		return quorum.Run{}, err
	}
	return rt.Await(work)
}

// stop waits for work, then closes the replicas' listeners, which stops
// them.
//
// async
func stop(work *rt.Task[quorum.Run], lns []*rt.Listener) error {
	rt.Await(work)
	for _, ln := range lns {
		ln.Close()
	}
	return nil
}

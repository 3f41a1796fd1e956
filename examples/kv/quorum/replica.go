// Package quorum is the replicated key-value store of examples/kv: three
// replicas, each a server of its own, and a client that writes a key to
// all of them and counts a write done once two (a quorum) have it, and
// reads from all and takes the newest of the first two answers. Any two
// quorums meet, so a read sees the last write: as long as no replica
// forgets what it has acknowledged.
//
// Replicas keep their data in memory, so a replica that crashes and
// restarts comes back empty. The fixed version then catches up before it
// answers reads: it asks both other replicas for everything they hold
// (DUMP) and keeps the newest version of each key, and says NOTREADY to
// reads until both have answered.
//
// # The planted bug
//
// With Fixed false, a restarted replica answers reads at once, from its
// empty memory. That is wrong only in a rare run of events: a write W of
// key k reaches replicas x and y, and is done; z misses it (its request
// was still being dialled when the quorum answered, and the client
// dropped it); x crashes and restarts; and a read of k then gets its
// first two answers from x and z. The newest of them is older than W,
// and the client reads a stale value. A real cluster meets this once in
// a long while; the simulator, with seeded latencies, crashes and
// partitions (see Simulate), meets it in about one seed in three of a
// simulated minute (seed 2 is the first), and the seed replays it:
//
//	go run ./examples/kv -seed 2
//
// The wire protocol is a line per request and per answer:
//
//	PUT key version value  ->  OK
//	GET key                ->  VAL version value | NOTREADY
//	DUMP                   ->  E key version value ... END | NOTREADY
package quorum

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/asyncgen/asyncgen/rt"
	"github.com/asyncgen/asyncgen/rt/sim"
)

//go:generate go tool asyncgen

// entry is a key's value and its version; version 0 is no value.
type entry struct {
	version uint64
	value   string
}

// A Replica is one replica's memory: what a crash loses.
type Replica struct {
	data  map[string]entry
	ready bool // it answers reads
}

// NewReplica returns an empty replica.
func NewReplica() *Replica { return &Replica{data: map[string]entry{}} }

// Ready reports whether the replica answers reads.
func (r *Replica) Ready() bool { return r.ready }

// put keeps e for key if it is newer than what the replica has.
func (r *Replica) put(key string, e entry) {
	if e.version > r.data[key].version {
		r.data[key] = e
	}
}

// Serve runs replica r on ln until ln fails: each connection is served by
// a task of its own. peers are the other replicas' addresses. A replica
// that restarted (with its memory lost) catches up from its peers first
// if fixed is set (see the package doc); otherwise it is ready at once.
//
// async
func Serve(r *Replica, ln *rt.Listener, peers []string, restarted, fixed bool) error {
	defer ln.Close()
	var g rt.Group
	if restarted && fixed {
		g.Go(catchUpAsync(r, peers))
	} else {
		r.ready = true
	}
	g.Go(acceptAsync(r, ln, &g))
	_, err := rt.Await(g.Wait())
	return err
}

// Listen listens on address and serves replica r there, as Serve does.
//
// async
func Listen(r *Replica, address string, peers []string, restarted, fixed bool) error {
	ln, err := rt.Await(rt.Listen("tcp", address))
	if err != nil {
		return err
	}
	_, err = rt.Await(ServeAsync(r, ln, peers, restarted, fixed))
	return err
}

// accept accepts connections on ln and serves each in g.
//
// async
func accept(r *Replica, ln *rt.Listener, g *rt.Group) error {
	for {
		c, err := rt.Await(ln.Accept())
		if err != nil {
			return err
		}
		g.Go(serveConnAsync(r, c))
	}
}

// serveConn answers the requests on c until the client closes it or
// breaks it: a broken connection is the client's problem, not the
// replica's.
//
// async
func serveConn(r *Replica, c *rt.Conn) error {
	defer c.Close()
	in := rt.NewReader(c)
	out := rt.NewWriter(c)
	for {
		line, err := rt.Await(in.ReadLine())
		if err != nil {
			return nil
		}
		for _, answer := range r.answer(string(line)) {
			if _, err := rt.Await(out.Write([]byte(answer + "\n"))); err != nil {
				return nil
			}
		}
		if _, err := rt.Await(out.Flush()); err != nil {
			return nil
		}
	}
}

// answer is the replica's answer to a request, a line or more.
func (r *Replica) answer(req string) []string {
	f := strings.Fields(req)
	switch {
	case len(f) == 4 && f[0] == "PUT":
		v, err := strconv.ParseUint(f[2], 10, 64)
		if err != nil {
			return []string{"ERR bad version"}
		}
		r.put(f[1], entry{v, f[3]})
		return []string{"OK"}
	case len(f) == 2 && f[0] == "GET":
		if !r.ready {
			return []string{"NOTREADY"}
		}
		e := r.data[f[1]]
		return []string{fmt.Sprintf("VAL %d %s", e.version, e.value)}
	case len(f) == 1 && f[0] == "DUMP":
		if !r.ready {
			return []string{"NOTREADY"}
		}
		keys := make([]string, 0, len(r.data))
		for k := range r.data {
			keys = append(keys, k)
		}
		slices.Sort(keys) // a map's order is random: the simulation's run would be too
		lines := make([]string, 0, len(keys)+1)
		for _, k := range keys {
			lines = append(lines, fmt.Sprintf("E %s %d %s", k, r.data[k].version, r.data[k].value))
		}
		return append(lines, "END")
	}
	return []string{"ERR bad request"}
}

// catchUp fills a restarted replica from a dump of each of its peers,
// trying each again until it answers, and then makes it ready.
//
// async
func catchUp(r *Replica, peers []string) error {
	for _, p := range peers {
		for {
			_, err := rt.Await(rt.Timeout(dumpAsync(r, p), time.Second))
			if err == nil {
				break
			}
			rt.Await(rt.Sleep(sim.Jitter(100 * time.Millisecond)))
		}
	}
	r.ready = true
	return nil
}

// errNotReady is a peer's answer while it catches up itself.
var errNotReady = errors.New("quorum: replica not ready")

// dump asks the replica at address for everything it holds and keeps
// what is newer in r.
//
// async
func dump(r *Replica, address string) error {
	c, err := rt.Await(rt.Dial("tcp", address))
	if err != nil {
		return err
	}
	defer c.Close()
	if _, err := rt.Await(c.Write([]byte("DUMP\n"))); err != nil {
		return err
	}
	in := rt.NewReader(c)
	var got []string
	for {
		line, err := rt.Await(in.ReadLine())
		if err != nil {
			return err
		}
		s := string(line)
		switch {
		case s == "NOTREADY":
			return errNotReady
		case s == "END":
			for _, l := range got {
				f := strings.Fields(l)
				if len(f) == 4 {
					v, _ := strconv.ParseUint(f[2], 10, 64)
					r.put(f[1], entry{v, f[3]})
				}
			}
			return nil
		}
		got = append(got, s)
	}
}

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

// A Client reads and writes the replicas at Replicas (three of them): a
// write is done once two have it, a read takes the newest of the first
// two answers. One task uses a Client at a time.
type Client struct {
	Replicas []string
	// Timeout bounds each request to a replica; 0 means 500 ms.
	Timeout time.Duration
	version uint64 // the last write's
}

// errNoQuorum is the error of an attempt that fewer than a quorum
// answered.
var errNoQuorum = errors.New("quorum: too few replicas answered")

func (c *Client) quorum() int { return len(c.Replicas)/2 + 1 }

func (c *Client) timeout() time.Duration {
	if c.Timeout == 0 {
		return 500 * time.Millisecond
	}
	return c.Timeout
}

// Put writes value under key, trying again until a quorum has it.
// Neither key nor value may hold spaces or newlines.
//
// async
func Put(c *Client, key, value string) error {
	c.version++
	req := fmt.Sprintf("PUT %s %d %s", key, c.version, value)
	for {
		if _, err := rt.Await(askAsync(c, req, "OK")); err == nil {
			return nil
		} else if errors.Is(err, rt.ErrCanceled) {
			return err
		}
		rt.Await(rt.Sleep(sim.Jitter(50 * time.Millisecond)))
	}
}

// A Versioned is a value read and its version: 0 for none.
type Versioned struct {
	Value   string
	Version uint64
}

// Get reads key: the newest version that a quorum's first answers hold;
// it tries again until a quorum answers.
//
// async
func Get(c *Client, key string) (Versioned, error) {
	for {
		answers, err := rt.Await(askAsync(c, "GET "+key, "VAL"))
		if errors.Is(err, rt.ErrCanceled) {
			return Versioned{}, err
		}
		if err == nil {
			var best Versioned
			for _, a := range answers {
				f := strings.SplitN(a, " ", 3)
				v, _ := strconv.ParseUint(f[1], 10, 64)
				if v >= best.Version {
					best = Versioned{f[2], v}
				}
			}
			return best, nil
		}
		rt.Await(rt.Sleep(sim.Jitter(50 * time.Millisecond)))
	}
}

// ask sends req to every replica and returns the first quorum of answers
// that begin with want; the requests still going are dropped.
//
// async
func ask(c *Client, req, want string) ([]string, error) {
	tasks := make([]*rt.Task[string], len(c.Replicas))
	ops := make([]rt.Op[string], len(c.Replicas))
	for i, addr := range c.Replicas {
		tasks[i] = requestAsync(addr, req, c.timeout())
		ops[i] = tasks[i]
	}
	defer func() {
		for _, t := range tasks {
			t.Cancel()
		}
	}()
	done := rt.AsCompleted(ops...)
	var got []string
	for done.More() {
		answer, err := rt.Await(done.Next())
		if err == nil && (strings.HasPrefix(answer, want+" ") || answer == want) {
			if w := sim.Running(); w != nil {
				// In the simulator, say who answered: the trace then
				// shows which quorum a stale read came from.
				w.Tracef("%s: %s from %s", req, answer, c.Replicas[slices.IndexFunc(tasks, func(t *rt.Task[string]) bool {
					v, err := t.Result()
					return t.Done() && err == nil && v == answer
				})])
			}
			got = append(got, answer)
			if len(got) == c.quorum() {
				return got, nil
			}
		}
	}
	return nil, errNoQuorum
}

// request sends req to the replica at addr on a connection of its own
// and returns the first line of the answer, within timeout.
//
// async
func request(addr, req string, timeout time.Duration) (string, error) {
	return rt.Await(rt.Timeout(exchangeAsync(addr, req), timeout))
}

// exchange dials addr, sends req and reads a line.
//
// async
func exchange(addr, req string) (string, error) {
	conn, err := rt.Await(rt.Dial("tcp", addr))
	if err != nil {
		return "", err
	}
	defer conn.Close()
	if _, err := rt.Await(conn.Write([]byte(req + "\n"))); err != nil {
		return "", err
	}
	line, err := rt.Await(rt.NewReader(conn).ReadLine())
	return string(line), err
}

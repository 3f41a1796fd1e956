package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

// TestBoth runs the server and the load client on one loop, as the
// command does by default; each client checks every echo it gets.
func TestBoth(t *testing.T) {
	st, err := rt.Run(bothAsync(8, 100, 50*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	if len(st.latencies) < 8 {
		t.Fatalf("%d echoes in all, want at least one per connection", len(st.latencies))
	}
	var out bytes.Buffer
	report(&out, st, 50*time.Millisecond, 100)
	if !strings.Contains(out.String(), "req/s") || !strings.Contains(out.String(), "p99") {
		t.Errorf("report:\n%s", out.String())
	}
}

// TestBothBlocking runs the same functions untransformed: in blocking
// mode, where each Await blocks and the groups run their tasks on loops
// of their own.
func TestBothBlocking(t *testing.T) {
	st, err := both(4, 10, 20*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.latencies) < 4 {
		t.Fatalf("%d echoes in all, want at least one per connection", len(st.latencies))
	}
}

// TestBothSpread runs the server over three loops, each on a thread of its
// own, and the client on a fourth; every connection's echoes are checked.
func TestBothSpread(t *testing.T) {
	st, err := bothSpread(9, 100, 50*time.Millisecond, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.latencies) < 9 {
		t.Fatalf("%d echoes in all, want at least one per connection", len(st.latencies))
	}
}

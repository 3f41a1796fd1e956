package rt

import (
	"testing"
	"time"
)

type frozenClock struct{ t time.Time }

func (c *frozenClock) Now() time.Time { return c.t }

func TestStoppedTimersAreSwept(t *testing.T) {
	clk := &frozenClock{t: time.Unix(1e9, 0)}
	l, err := NewLoop(WithClock(clk))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var fired []int
	for i := range 5000 {
		tm := l.CallLater(time.Duration(i%7)*time.Second, func() { fired = append(fired, i) })
		if i%1000 != 999 {
			tm.Stop()
		}
		if len(l.timers) > 2*minSweep {
			t.Fatalf("%d timers in the heap after %d set, all but %d stopped", len(l.timers), i+1, i/1000)
		}
	}
	clk.t = clk.t.Add(time.Hour)
	l.turn(false)
	want := []int{4999, 3999, 2999, 1999, 999} // by deadline: i%7 is 1, 2, 3, 4, 5
	if len(fired) != 5 {
		t.Fatalf("fired %v, want %v", fired, want)
	}
	for i := range want {
		if fired[i] != want[i] {
			t.Fatalf("fired %v, want %v", fired, want)
		}
	}
	if len(l.timers) != 0 {
		t.Errorf("%d timers left", len(l.timers))
	}
}

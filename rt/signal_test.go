//go:build unix

package rt_test

import (
	"errors"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

func TestSignal(t *testing.T) {
	l := newLoop(t)
	task := await(rt.Signal(syscall.SIGUSR2, syscall.SIGUSR1))
	l.Spawn(task)
	// The task has subscribed once it has run: send the signal then.
	l.CallSoon(func() { syscall.Kill(os.Getpid(), syscall.SIGUSR1) })
	sig, err := run(t, l, task)
	if err != nil || sig != syscall.SIGUSR1 {
		t.Fatalf("Signal = %v, %v; want SIGUSR1", sig, err)
	}
}

// TestSignalCancel: a cancelled wait unsubscribes and leaves no goroutine
// (TestMain's goleak check).
func TestSignalCancel(t *testing.T) {
	l := newLoop(t)
	_, err := run(t, l, await(rt.Timeout(rt.Signal(syscall.SIGUSR1), time.Millisecond)))
	if !errors.Is(err, rt.ErrTimeout) {
		t.Fatalf("Signal under Timeout, none sent: %v, want ErrTimeout", err)
	}
}

func TestSignalBlocking(t *testing.T) {
	got := make(chan os.Signal)
	go func() {
		sig, _ := rt.Await(rt.Signal(syscall.SIGUSR1))
		got <- sig
	}()
	// Keep signalling until the waiter has subscribed: an unsubscribed
	// SIGUSR1 would end the process, so hold a subscription meanwhile.
	hold := rt.Signal(syscall.SIGUSR1)
	l := newLoop(t)
	holder := await(hold)
	l.Spawn(holder)
	run(t, l, await(rt.Sleep(0)))
	for {
		syscall.Kill(os.Getpid(), syscall.SIGUSR1)
		select {
		case sig := <-got:
			if sig != syscall.SIGUSR1 {
				t.Fatalf("blocking Signal = %v, want SIGUSR1", sig)
			}
			holder.Cancel()
			run(t, l, holder)
			return
		case <-time.After(time.Millisecond):
		}
	}
}

package rt_test

import (
	"errors"
	"iter"
	"sync/atomic"
	"testing"

	"github.com/asyncgen/asyncgen/rt"
)

// cancelTicks is an async generator that yields 1, 2, ... with a plain
// and an async deferred call. asyncgen writes cancelTicksAsync into
// gen_cancel_async_test.go.
//
// async
func cancelTicks(log *[]string) iter.Seq[int] {
	return func(yield func(int) bool) {
		defer logf(log, "producer deferred")
		defer cancelCleanup(log)
		for i := 1; ; i++ {
			rt.Yield()
			if !yield(i) {
				logf(log, "yield %d: false", i)
				return
			}
		}
	}
}

// cancelCleanup is the producer's deferred async call: it awaits.
//
// async
func cancelCleanup(log *[]string) {
	rt.Yield()
	logf(log, "producer cleanup awaited")
}

// cancelConsumer ranges over cancelTicks and, at 2, awaits block in the
// loop's body, after resolving reached.
//
// async
func cancelConsumer(log *[]string, reached, block *rt.Future[int]) {
	defer logf(log, "consumer deferred")
	for v := range cancelTicks(log) {
		logf(log, "got %d", v)
		if v == 2 {
			reached.Resolve(v)
			if _, err := rt.Await(block); err != nil {
				logf(log, "consumer: %v", err)
			}
			rt.Yield() // a cancelled task unwinds here
			logf(log, "not reached")
		}
	}
}

// Cancelling a consumer suspended in the body of a loop over an async
// generator (the producer waits in its yield) unwinds the producer from
// its yield: its deferred calls run, its deferred async call awaited,
// before the consumer's own deferred call, and the consumer ends with
// ErrCanceled.
func TestGenCancelConsumerInBody(t *testing.T) {
	var log []string
	reached, block := rt.NewFuture[int](), rt.NewFuture[int]()
	l := newLoop(t)
	consumer := cancelConsumerAsync(&log, reached, block)
	l.Spawn(consumer)
	if err := l.RunUntil(rt.NewTask(&waiterFrame{fut: reached, deferred: new(atomic.Int32)})); err != nil {
		t.Fatal(err)
	}
	consumer.Cancel()
	if err := l.RunUntil(consumer); err != nil {
		t.Fatal(err)
	}
	if err := consumer.Err(); !errors.Is(err, rt.ErrCanceled) {
		t.Errorf("consumer's error = %v; want ErrCanceled", err)
	}
	checkLog(t, log, "got 1", "got 2", "consumer: "+rt.ErrCanceled.Error(),
		"producer cleanup awaited", "producer deferred", "consumer deferred")
}

// holdTicks is an async generator whose deferred async call awaits hold,
// after resolving reached.
//
// async
func holdTicks(log *[]string, reached, hold *rt.Future[int]) iter.Seq[int] {
	return func(yield func(int) bool) {
		defer logf(log, "producer deferred")
		defer holdCleanup(log, reached, hold)
		for i := 1; ; i++ {
			rt.Yield()
			if !yield(i) {
				return
			}
		}
	}
}

// async
func holdCleanup(log *[]string, reached, hold *rt.Future[int]) {
	logf(log, "cleanup holds")
	reached.Resolve(0)
	if _, err := rt.Await(hold); err != nil {
		logf(log, "cleanup: %v", err)
	}
}

// holdConsumer breaks out of its loop over holdTicks at 2, and so awaits
// the producer's end.
//
// async
func holdConsumer(log *[]string, reached, hold *rt.Future[int]) {
	defer logf(log, "consumer deferred")
	for v := range holdTicks(log, reached, hold) {
		if v == 2 {
			break
		}
	}
	logf(log, "not reached")
}

// Cancelling a consumer that awaits its producer's end (a break) while
// the producer's deferred async call awaits cancels the producer, whose
// cleanup is interrupted, and the consumer still waits for its end.
func TestGenCancelConsumerInStop(t *testing.T) {
	var log []string
	reached, hold := rt.NewFuture[int](), rt.NewFuture[int]()
	l := newLoop(t)
	consumer := holdConsumerAsync(&log, reached, hold)
	l.Spawn(consumer)
	if err := l.RunUntil(rt.NewTask(&waiterFrame{fut: reached, deferred: new(atomic.Int32)})); err != nil {
		t.Fatal(err)
	}
	consumer.Cancel()
	if err := l.RunUntil(consumer); err != nil {
		t.Fatal(err)
	}
	if err := consumer.Err(); !errors.Is(err, rt.ErrCanceled) {
		t.Errorf("consumer's error = %v; want ErrCanceled", err)
	}
	checkLog(t, log, "cleanup holds", "cleanup: "+rt.ErrCanceled.Error(), "producer deferred", "consumer deferred")
}

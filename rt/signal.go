package rt

import (
	"os"
	"os/signal"
)

// Signal returns an op that completes with the first of sigs (os.Interrupt,
// syscall.SIGTERM...) that the process receives once the op has started,
// so that a server can shut down in order: stop accepting, finish or
// cancel what is in flight, close.
//
//	sig, err := rt.Await(rt.Signal(os.Interrupt, syscall.SIGTERM))
//
// From its start until it completes, the op subscribes to sigs through
// os/signal.Notify, which turns off their default action (SIGINT no longer
// ends the program); it unsubscribes when it completes or its await is
// cancelled. A signal that arrives while no op is subscribed has its
// default action, or goes to whoever else called signal.Notify.
// Cancelling the await ends the op at once with ErrCanceled. An op that
// was started but is awaited by no task (nothing can cancel it) keeps its
// subscription, and a goroutine, until the signal arrives. In blocking
// mode the calling goroutine waits for the signal.
func Signal(sigs ...os.Signal) Op[os.Signal] { return &signalOp{sigs: sigs} }

// signalOp is the op behind Signal: a goroutine waits on the channel that
// os/signal delivers to and hands the signal to the loop.
type signalOp struct {
	fut   Future[os.Signal] // named: an embedded Future would lend the op its block method
	sigs  []os.Signal
	loop  *Loop
	ch    chan os.Signal
	stop  chan struct{}
	unsub func() // WithSignals' subscription, instead of ch and stop
}

func (o *signalOp) Start(l *Loop) *Future[os.Signal] {
	if o.loop != nil {
		return &o.fut
	}
	o.loop = l
	o.fut.owner = o
	if l.notify != nil {
		o.unsub = l.notify(o.sigs, func(sig os.Signal) { o.fut.Complete(sig, nil) })
		return &o.fut
	}
	o.ch = make(chan os.Signal, 1)
	o.stop = make(chan struct{})
	signal.Notify(o.ch, o.sigs...) // subscribed before Start returns
	go o.wait()
	return &o.fut
}

func (o *signalOp) wait() {
	select {
	case sig := <-o.ch:
		signal.Stop(o.ch)
		o.loop.Submit(func() { o.fut.Complete(sig, nil) }) // a closed loop drops it
	case <-o.stop:
		signal.Stop(o.ch)
	}
}

func (o *signalOp) cancel() bool {
	if o.fut.isDone() {
		return false
	}
	if o.unsub != nil {
		o.unsub()
	} else {
		close(o.stop)
	}
	o.fut.Reject(ErrCanceled)
	return true
}

func (o *signalOp) block() (os.Signal, error) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, o.sigs...)
	defer signal.Stop(ch)
	return <-ch, nil
}

func (o *signalOp) String() string { return "Signal" }

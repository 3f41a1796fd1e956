//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package rt

import (
	"time"

	"golang.org/x/sys/unix"
)

// kqueuePoller is the BSD and macOS selector: a kqueue plus a non-blocking
// pipe whose read end wakes it.
type kqueuePoller struct {
	kq      int
	wakeR   int
	wakeW   int
	events  []unix.Kevent_t
	changes []unix.Kevent_t
	regs    map[int]Events
}

func newPoller() (Poller, error) {
	kq, err := unix.Kqueue()
	if err != nil {
		return nil, err
	}
	unix.CloseOnExec(kq)
	var fds [2]int
	if err := unix.Pipe(fds[:]); err != nil {
		unix.Close(kq)
		return nil, err
	}
	p := &kqueuePoller{kq: kq, wakeR: fds[0], wakeW: fds[1], events: make([]unix.Kevent_t, 128), regs: map[int]Events{}}
	for _, fd := range fds {
		unix.CloseOnExec(fd)
		if err := unix.SetNonblock(fd, true); err != nil {
			p.Close()
			return nil, err
		}
	}
	if err := p.change(p.wakeR, unix.EVFILT_READ, unix.EV_ADD); err != nil {
		p.Close()
		return nil, err
	}
	return p, nil
}

func (p *kqueuePoller) change(fd, filter, flags int) error {
	var k unix.Kevent_t
	unix.SetKevent(&k, fd, filter, flags)
	p.changes = append(p.changes[:0], k)
	for {
		_, err := unix.Kevent(p.kq, p.changes, nil, nil)
		if err != unix.EINTR {
			return err
		}
	}
}

// set makes fd's kqueue filters match ev, given that they matched old.
// Edge is EV_CLEAR: the filter resets once reported.
func (p *kqueuePoller) set(fd int, old, ev Events) error {
	add := unix.EV_ADD
	if ev&Edge != 0 {
		add |= unix.EV_CLEAR
	}
	if old != 0 && (old^ev)&Edge != 0 {
		// The mode changes: register the filters afresh.
		if err := p.set(fd, old, 0); err != nil {
			return err
		}
		old = 0
	}
	for _, f := range [...]struct {
		bit    Events
		filter int
	}{{Readable, unix.EVFILT_READ}, {Writable, unix.EVFILT_WRITE}} {
		switch {
		case ev&f.bit != 0 && old&f.bit == 0:
			if err := p.change(fd, f.filter, add); err != nil {
				return err
			}
		case ev&f.bit == 0 && old&f.bit != 0:
			if err := p.change(fd, f.filter, unix.EV_DELETE); err != nil {
				return err
			}
		}
	}
	return nil
}

func (p *kqueuePoller) Add(fd int, ev Events) error {
	if err := p.set(fd, 0, ev); err != nil {
		return err
	}
	p.regs[fd] = ev
	return nil
}

func (p *kqueuePoller) Modify(fd int, ev Events) error {
	if err := p.set(fd, p.regs[fd], ev); err != nil {
		return err
	}
	p.regs[fd] = ev
	return nil
}

func (p *kqueuePoller) Remove(fd int) error {
	err := p.set(fd, p.regs[fd], 0)
	delete(p.regs, fd)
	return err
}

func (p *kqueuePoller) Wait(timeout time.Duration, ready func(fd int, ev Events)) error {
	var ts *unix.Timespec
	if timeout >= 0 {
		t := unix.NsecToTimespec(int64(timeout))
		ts = &t
	}
	var n int
	var err error
	for {
		n, err = unix.Kevent(p.kq, nil, p.events, ts)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		return err
	}
	for _, e := range p.events[:n] {
		fd := int(e.Ident)
		if fd == p.wakeR {
			var buf [64]byte
			for {
				if n, _ := unix.Read(p.wakeR, buf[:]); n <= 0 {
					break
				}
			}
			continue
		}
		var ev Events
		switch e.Filter {
		case unix.EVFILT_READ:
			ev = Readable
		case unix.EVFILT_WRITE:
			ev = Writable
		}
		if e.Flags&unix.EV_EOF != 0 {
			if e.Filter == unix.EVFILT_READ {
				ev |= ReadHangup
			} else {
				ev |= Hangup
			}
		}
		if e.Flags&unix.EV_ERROR != 0 {
			ev |= Hangup | Readable | Writable
		}
		ready(fd, ev)
	}
	return nil
}

func (p *kqueuePoller) Wake() error {
	for {
		_, err := unix.Write(p.wakeW, []byte{0})
		switch err {
		case unix.EINTR:
			continue
		case unix.EAGAIN: // the pipe is full: a wake-up is pending anyway
			return nil
		}
		return err
	}
}

func (p *kqueuePoller) Close() error {
	unix.Close(p.wakeR)
	unix.Close(p.wakeW)
	return unix.Close(p.kq)
}

//go:build linux

package rt

import (
	"encoding/binary"
	"time"

	"golang.org/x/sys/unix"
)

// epollPoller is the Linux selector: an epoll instance plus an eventfd that
// Wake writes to.
type epollPoller struct {
	epfd   int
	wakefd int
	events []unix.EpollEvent
}

func newPoller() (Poller, error) {
	epfd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return nil, err
	}
	wakefd, err := unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK)
	if err != nil {
		unix.Close(epfd)
		return nil, err
	}
	p := &epollPoller{epfd: epfd, wakefd: wakefd, events: make([]unix.EpollEvent, 128)}
	ev := unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(wakefd)}
	if err := unix.EpollCtl(epfd, unix.EPOLL_CTL_ADD, wakefd, &ev); err != nil {
		p.Close()
		return nil, err
	}
	return p, nil
}

func epollEvents(ev Events) uint32 {
	var e uint32
	if ev&Readable != 0 {
		e |= unix.EPOLLIN | unix.EPOLLRDHUP
	}
	if ev&Writable != 0 {
		e |= unix.EPOLLOUT
	}
	if ev&Edge != 0 {
		e |= unix.EPOLLET
	}
	return e
}

func (p *epollPoller) ctl(op, fd int, ev Events) error {
	e := unix.EpollEvent{Events: epollEvents(ev), Fd: int32(fd)}
	return unix.EpollCtl(p.epfd, op, fd, &e)
}

func (p *epollPoller) Add(fd int, ev Events) error    { return p.ctl(unix.EPOLL_CTL_ADD, fd, ev) }
func (p *epollPoller) Modify(fd int, ev Events) error { return p.ctl(unix.EPOLL_CTL_MOD, fd, ev) }
func (p *epollPoller) Remove(fd int) error            { return p.ctl(unix.EPOLL_CTL_DEL, fd, 0) }

func (p *epollPoller) Wait(timeout time.Duration, ready func(fd int, ev Events)) error {
	msec := -1
	if timeout >= 0 {
		// Round up, so that a timer is never polled for before it is due.
		msec = int((timeout + time.Millisecond - 1) / time.Millisecond)
	}
	var n int
	var err error
	for {
		n, err = unix.EpollWait(p.epfd, p.events, msec)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		return err
	}
	for _, e := range p.events[:n] {
		fd := int(e.Fd)
		if fd == p.wakefd {
			var buf [8]byte
			unix.Read(p.wakefd, buf[:]) // resets the counter; EAGAIN is fine
			continue
		}
		var ev Events
		if e.Events&(unix.EPOLLIN|unix.EPOLLRDHUP) != 0 {
			ev |= Readable
		}
		if e.Events&unix.EPOLLRDHUP != 0 {
			ev |= ReadHangup
		}
		if e.Events&unix.EPOLLOUT != 0 {
			ev |= Writable
		}
		if e.Events&(unix.EPOLLHUP|unix.EPOLLERR) != 0 {
			ev |= Hangup | Readable | Writable
		}
		ready(fd, ev)
	}
	return nil
}

func (p *epollPoller) Wake() error {
	var buf [8]byte
	binary.NativeEndian.PutUint64(buf[:], 1)
	for {
		_, err := unix.Write(p.wakefd, buf[:])
		switch err {
		case unix.EINTR:
			continue
		case unix.EAGAIN: // the counter is full: a wake-up is pending anyway
			return nil
		}
		return err
	}
}

func (p *epollPoller) Close() error {
	err1 := unix.Close(p.wakefd)
	err2 := unix.Close(p.epfd)
	if err1 != nil {
		return err1
	}
	return err2
}

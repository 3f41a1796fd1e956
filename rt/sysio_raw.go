//go:build linux && !race

package rt

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// rawMax is the largest read or write sysRead and sysWrite make without
// telling the Go scheduler.
//
// On a non-blocking socket read(2) and write(2) never wait: they copy what
// the kernel has or has room for and return, in a microsecond or two for
// a few kilobytes. Around a system call, the runtime's entersyscall and
// exitsyscall cost about 130 instructions, half an echo request's work in
// system call wrappers, to let the scheduler hand the thread's P to other
// goroutines while the call blocks: a call that does not block has no use
// for it. A long copy would keep the P (and a stop-the-world waiting for
// it) the while, so copies above rawMax go the scheduler's way.
//
// Under the race detector the calls go through unix.Read and unix.Write,
// which tell it that the kernel wrote the buffer and order a write before
// the read that sees its bytes, as the net package's calls do.
const rawMax = 64 << 10

// sysRead reads the non-blocking descriptor fd into b: EINTR is retried,
// EAGAIN is errAgain.
func sysRead(fd int, b []byte) (int, error) { return sysRaw(unix.SYS_READ, fd, b) }

// sysWrite writes b to the non-blocking descriptor fd as sysRead reads.
func sysWrite(fd int, b []byte) (int, error) { return sysRaw(unix.SYS_WRITE, fd, b) }

// sysRaw is read(2) or write(2) (trap) of b on fd, without the scheduler
// up to rawMax bytes.
func sysRaw(trap uintptr, fd int, b []byte) (int, error) {
	if len(b) > rawMax {
		if trap == unix.SYS_READ {
			return sysSched(unix.Read, fd, b)
		}
		return sysSched(unix.Write, fd, b)
	}
	for {
		n, _, e := unix.RawSyscall(trap, uintptr(fd), uintptr(unsafe.Pointer(unsafe.SliceData(b))), uintptr(len(b)))
		switch e {
		case 0:
			return int(n), nil
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			return 0, errAgain
		}
		return 0, e
	}
}

//go:build unix && (!linux || race)

package rt

import "golang.org/x/sys/unix"

// sysRead reads the non-blocking descriptor fd into b: on this system (or
// under the race detector) always through the scheduler; see rawMax.
func sysRead(fd int, b []byte) (int, error) { return sysSched(unix.Read, fd, b) }

// sysWrite writes b to the non-blocking descriptor fd as sysRead reads.
func sysWrite(fd int, b []byte) (int, error) { return sysSched(unix.Write, fd, b) }

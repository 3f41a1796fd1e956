//go:build !linux || race

package rt

// ioRing is the batch of system calls of ioring_linux.go, which other
// systems, and builds with the race detector, do without.
type ioRing struct{}

const (
	opSend = 1
	opRecv = 2

	resDirect = -1 << 31
)

func newIORing() *ioRing { return nil }

func (r *ioRing) queue(ringWaiter, *pollFD, uint8, []byte) uint32 { return 0 }
func (r *ioRing) unqueue(uint32) bool                             { return false }
func (r *ioRing) recvs() int                                      { return 0 }
func (r *ioRing) queued() uint32                                  { return 0 }
func (r *ioRing) pending() bool                                   { return false }
func (r *ioRing) flush()                                          {}
func (r *ioRing) adapt()                                          {}
func (r *ioRing) close()                                          {}

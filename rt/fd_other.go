//go:build !unix

package rt

// Without unix system calls the runtime makes no descriptors of its own:
// these are never reached.

func (p *pollFD) destroy()     { p.disown() }
func (p *pollFD) wakeBlocked() {}

// ioOp is the unix operation on a descriptor; here a Conn keeps none.
type ioOp[T any] struct{}

// The states of a reused op (see fd_unix.go), which Reader shares.
const (
	opFresh = iota
	opHanded
	opRunning
	opIdle
)

func (l *Loop) park(*pollFD) {}

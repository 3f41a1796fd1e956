//go:build !unix

package rt

// Without unix system calls the runtime makes no descriptors of its own:
// these are never reached.

func (p *pollFD) destroy()     { p.disown() }
func (p *pollFD) wakeBlocked() {}

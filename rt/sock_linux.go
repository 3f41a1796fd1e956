//go:build linux

package rt

import (
	"encoding/binary"
	"unsafe"

	"golang.org/x/sys/unix"
)

// sysAccept accepts a connection as a non-blocking, close-on-exec socket
// and says who the peer is: an IP peer inline, any other as a Sockaddr.
// It calls accept4(2) itself, with the address on the stack, as
// unix.Accept4 allocates two objects per connection for it.
func sysAccept(fd int) (int, ipPort, unix.Sockaddr, error) {
	var rsa unix.RawSockaddrAny
	n := uint32(unix.SizeofSockaddrAny)
	nfd, _, errno := unix.Syscall6(unix.SYS_ACCEPT4, uintptr(fd), uintptr(unsafe.Pointer(&rsa)), uintptr(unsafe.Pointer(&n)), unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0, 0)
	if errno != 0 {
		return -1, ipPort{}, nil, errno
	}
	switch rsa.Addr.Family {
	case unix.AF_INET:
		sa := (*unix.RawSockaddrInet4)(unsafe.Pointer(&rsa))
		peer := ipPort{port: portOf(sa.Port), v4: true, valid: true}
		copy(peer.ip[:], sa.Addr[:])
		return int(nfd), peer, nil, nil
	case unix.AF_INET6:
		sa := (*unix.RawSockaddrInet6)(unsafe.Pointer(&rsa))
		return int(nfd), ipPort{ip: sa.Addr, zone: sa.Scope_id, port: portOf(sa.Port), valid: true}, nil, nil
	case unix.AF_UNIX:
		sa := (*unix.RawSockaddrUnix)(unsafe.Pointer(&rsa))
		var name []byte
		for _, c := range sa.Path {
			if c == 0 {
				break
			}
			name = append(name, byte(c))
		}
		return int(nfd), ipPort{}, &unix.SockaddrUnix{Name: string(name)}, nil
	}
	return int(nfd), ipPort{}, nil, nil
}

// portOf is a port as the kernel stores it, in network order.
func portOf(raw uint16) uint16 {
	var b [2]byte
	binary.NativeEndian.PutUint16(b[:], raw)
	return binary.BigEndian.Uint16(b[:])
}

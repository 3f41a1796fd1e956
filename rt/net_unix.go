//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package rt

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"strconv"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// osNetwork is the operating system's socket layer.
type osNetwork struct{}

// A sockAddr is an address to bind or connect to, in both forms.
type sockAddr struct {
	family int
	sa     unix.Sockaddr
	addr   net.Addr
}

// netKind splits network into its protocol ("tcp", "udp", "unix") and the
// address family it insists on (0: either).
func netKind(network string) (proto string, family int, err error) {
	switch network {
	case "tcp", "udp":
		return network, 0, nil
	case "tcp4", "udp4":
		return network[:3], unix.AF_INET, nil
	case "tcp6", "udp6":
		return network[:3], unix.AF_INET6, nil
	case "unix":
		return "unix", unix.AF_UNIX, nil
	}
	return "", 0, net.UnknownNetworkError(network)
}

// lookup is an address that needs the resolver: a host name, or a port
// given by service name.
type lookup struct {
	proto, host, port string
	family            int
}

// parseAddr turns address into the addresses to try, without the
// resolver if it is numeric; otherwise it returns the lookup to do. An
// empty host is the unspecified address (wildcard).
func parseAddr(network, address string) ([]sockAddr, *lookup, error) {
	proto, family, err := netKind(network)
	if err != nil {
		return nil, nil, err
	}
	if proto == "unix" {
		return []sockAddr{{family: unix.AF_UNIX, sa: &unix.SockaddrUnix{Name: address}, addr: &net.UnixAddr{Name: address, Net: "unix"}}}, nil, nil
	}
	host, portStr, err := net.SplitHostPort(address)
	if err != nil {
		return nil, nil, err
	}
	port, perr := strconv.ParseUint(portStr, 10, 16)
	var ip netip.Addr
	switch {
	case host == "" && family == unix.AF_INET:
		ip = netip.IPv4Unspecified()
	case host == "":
		ip = netip.IPv6Unspecified()
	default:
		if ip, err = netip.ParseAddr(host); err != nil {
			ip = netip.Addr{}
		}
	}
	if perr != nil || !ip.IsValid() {
		return nil, &lookup{proto: proto, host: host, port: portStr, family: family}, nil
	}
	sa, err := ipSockAddr(proto, family, ip, int(port))
	if err != nil {
		return nil, nil, err
	}
	return []sockAddr{sa}, nil, nil
}

// resolve does a lookup: it blocks, so it runs on a resolver goroutine or
// in blocking mode.
func (lk *lookup) resolve() ([]sockAddr, error) {
	ctx := context.Background()
	port, err := net.DefaultResolver.LookupPort(ctx, lk.proto, lk.port)
	if err != nil {
		return nil, err
	}
	var ips []netip.Addr
	if lk.host == "" {
		ips = []netip.Addr{netip.IPv6Unspecified()}
		if lk.family == unix.AF_INET {
			ips[0] = netip.IPv4Unspecified()
		}
	} else if ip, err := netip.ParseAddr(lk.host); err == nil {
		ips = []netip.Addr{ip}
	} else {
		which := "ip"
		switch lk.family {
		case unix.AF_INET:
			which = "ip4"
		case unix.AF_INET6:
			which = "ip6"
		}
		if ips, err = net.DefaultResolver.LookupNetIP(ctx, which, lk.host); err != nil {
			return nil, err
		}
	}
	var addrs []sockAddr
	for _, ip := range ips {
		if sa, err := ipSockAddr(lk.proto, lk.family, ip, port); err == nil {
			addrs = append(addrs, sa)
		}
	}
	if len(addrs) == 0 {
		return nil, &net.AddrError{Err: "no suitable address found", Addr: lk.host}
	}
	return addrs, nil
}

// ipSockAddr is ip:port as a sockAddr of the family asked for (0: ip's
// own).
func ipSockAddr(proto string, family int, ip netip.Addr, port int) (sockAddr, error) {
	ip = ip.Unmap()
	if family == 0 {
		family = unix.AF_INET6
		if ip.Is4() {
			family = unix.AF_INET
		}
	}
	var netAddr net.Addr
	zone := ip.Zone()
	if proto == "tcp" {
		netAddr = &net.TCPAddr{IP: ip.AsSlice(), Port: port, Zone: zone}
	} else {
		netAddr = &net.UDPAddr{IP: ip.AsSlice(), Port: port, Zone: zone}
	}
	switch family {
	case unix.AF_INET:
		if !ip.Is4() {
			return sockAddr{}, &net.AddrError{Err: "not an IPv4 address", Addr: ip.String()}
		}
		return sockAddr{family: family, sa: &unix.SockaddrInet4{Port: port, Addr: ip.As4()}, addr: netAddr}, nil
	default:
		sa := &unix.SockaddrInet6{Port: port, Addr: ip.As16()}
		if zone != "" {
			if ifi, err := net.InterfaceByName(zone); err == nil {
				sa.ZoneId = uint32(ifi.Index)
			} else if n, err := strconv.Atoi(zone); err == nil {
				sa.ZoneId = uint32(n)
			}
		}
		return sockAddr{family: family, sa: sa, addr: netAddr}, nil
	}
}

// netAddr is a socket address as the net package's type for proto.
func netAddr(proto string, sa unix.Sockaddr) net.Addr {
	switch sa := sa.(type) {
	case *unix.SockaddrInet4:
		if proto == "udp" {
			return &net.UDPAddr{IP: net.IP(sa.Addr[:]).To16(), Port: sa.Port}
		}
		return &net.TCPAddr{IP: net.IP(sa.Addr[:]).To16(), Port: sa.Port}
	case *unix.SockaddrInet6:
		zone := ""
		if sa.ZoneId != 0 {
			if ifi, err := net.InterfaceByIndex(int(sa.ZoneId)); err == nil {
				zone = ifi.Name
			}
		}
		if proto == "udp" {
			return &net.UDPAddr{IP: net.IP(sa.Addr[:]), Port: sa.Port, Zone: zone}
		}
		return &net.TCPAddr{IP: net.IP(sa.Addr[:]), Port: sa.Port, Zone: zone}
	case *unix.SockaddrUnix:
		return &net.UnixAddr{Name: sa.Name, Net: "unix"}
	}
	return nil
}

// sockType is the socket type for proto.
func sockType(proto string) int {
	if proto == "udp" {
		return unix.SOCK_DGRAM
	}
	return unix.SOCK_STREAM
}

// newSocket makes a non-blocking, close-on-exec socket for the pollFD
// layer, owned by home (nil: nobody).
func newSocket(home *Loop, proto string, family int) (*pollFD, error) {
	fd, err := sysSocket(family, sockType(proto), 0)
	if err != nil {
		return nil, os.NewSyscallError("socket", err)
	}
	p := newPollFD(fd, home)
	p.kind = kindOf(proto)
	return p, nil
}

// listenOn binds and, for a stream, listens: Listen and ListenPacket once
// the address is known.
func listenOn(home *Loop, network string, addrs []sockAddr) (*pollFD, error) {
	proto, _, _ := netKind(network)
	a := addrs[0]
	p, err := newSocket(home, proto, a.family)
	if err != nil {
		return nil, &net.OpError{Op: "listen", Net: network, Addr: a.addr, Err: err}
	}
	fail := func(call string, err error) (*pollFD, error) {
		p.close(nil)
		return nil, &net.OpError{Op: "listen", Net: network, Addr: a.addr, Err: os.NewSyscallError(call, err)}
	}
	fd := int(p.sysfd)
	if proto == "tcp" {
		if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1); err != nil {
			return fail("setsockopt", err)
		}
	}
	if a.family == unix.AF_INET6 && network != "tcp6" && network != "udp6" {
		// Dual stack, as the net package does for "tcp" on a wildcard.
		unix.SetsockoptInt(fd, unix.IPPROTO_IPV6, unix.IPV6_V6ONLY, 0)
	}
	if err := unix.Bind(fd, a.sa); err != nil {
		return fail("bind", err)
	}
	x := p.rareLocked() // p is not shared yet
	if proto == "unix" {
		x.unlink = a.addr.(*net.UnixAddr).Name
	}
	if proto != "udp" {
		if err := unix.Listen(fd, listenBacklog); err != nil {
			return fail("listen", err)
		}
	}
	sa, err := unix.Getsockname(fd)
	if err != nil {
		return fail("getsockname", err)
	}
	x.laddr = netAddr(proto, sa)
	if proto == "unix" {
		x.laddr = a.addr
	}
	return p, nil
}

// listenBacklog is the listen queue asked for; the system caps it (at
// net.core.somaxconn on Linux).
const listenBacklog = 4096

func (osNetwork) listen(l *Loop, network, address string) *Future[*Listener] {
	return listenAs(l, network, address, false, newListener)
}

func (osNetwork) listenPacket(l *Loop, network, address string) *Future[*PacketConn] {
	return listenAs(l, network, address, true, newPacketConn)
}

func (osNetwork) listenBlocking(network, address string) (*Listener, error) {
	return listenAs(nil, network, address, false, newListener).Result()
}

func (osNetwork) listenPacketBlocking(network, address string) (*PacketConn, error) {
	return listenAs(nil, network, address, true, newPacketConn).Result()
}

// asConn returns the Conn of a connected socket, which it holds so that
// the two are one allocation.
func (p *pollFD) asConn() *Conn {
	p.conn.s = p
	return &p.conn
}

// listenAs is Listen (packet false: a stream network) and ListenPacket
// (packet true: a datagram one) on loop l, or in blocking mode if l is
// nil: it checks the network, resolves the address, binds, and wraps the
// socket.
func listenAs[T any](l *Loop, network, address string, packet bool, wrap func(*pollFD) T) *Future[T] {
	if proto, _, err := netKind(network); err != nil || (proto == "udp") != packet {
		fut := new(Future[T])
		var zero T
		fut.Complete(zero, &net.OpError{Op: "listen", Net: network, Err: net.UnknownNetworkError(network)})
		return fut
	}
	return resolveThen(l, network, address, func(addrs []sockAddr) (T, error) {
		p, err := listenOn(l, network, addrs)
		if err != nil {
			var zero T
			return zero, err
		}
		return wrap(p), nil
	})
}

func resolveBlocking(network, address string) ([]sockAddr, error) {
	addrs, lk, err := parseAddr(network, address)
	if err == nil && lk != nil {
		addrs, err = lk.resolve()
	}
	return addrs, err
}

// resolveThen completes a future with then(addresses of address), on loop
// l: at once if address is numeric, after a resolver goroutine has looked
// it up otherwise. With l nil (blocking mode) it looks the name up on the
// calling goroutine.
func resolveThen[T any](l *Loop, network, address string, then func([]sockAddr) (T, error)) *Future[T] {
	fut := new(Future[T])
	addrs, lk, err := parseAddr(network, address)
	if err == nil && lk != nil && l == nil {
		addrs, err = lk.resolve()
		lk = nil
	}
	switch {
	case err != nil:
		var zero T
		fut.Complete(zero, err)
	case lk == nil:
		fut.Complete(then(addrs))
	default:
		res := resolveOn(l, lk)
		watch(&res.futureCore, callback(func() {
			addrs, err := res.Result()
			if err != nil {
				var zero T
				fut.Complete(zero, err)
				return
			}
			fut.Complete(then(addrs))
		}))
	}
	return fut
}

// resolveOn starts a lookup on l's resolver goroutines.
func resolveOn(l *Loop, lk *lookup) *Future[[]sockAddr] {
	if onLookup != nil {
		onLookup()
	}
	o := &blockingOp[[]sockAddr]{fn: lk.resolve, loop: l}
	o.fut.owner = o
	l.resolvers.submit(o)
	return &o.fut
}

// The stream, acceptor and datagrams of osNetwork are pollFDs.

func (p *pollFD) recv(b []byte) Op[int] { return keptOp(p, &p.rop, &readKind, b, p.home.takeOp) }

func (p *pollFD) send(b []byte) Op[int] { return keptOp(p, &p.wop, &writeKind, b, p.home.takeOp) }

func newIOOp[T any]() *ioOp[T] { return new(ioOp[T]) }

func (p *pollFD) acceptConn() Op[*Conn] {
	p.mu.Lock()
	kept := &p.rareLocked().acc
	p.mu.Unlock()
	return keptOp(p, kept, &acceptKind, nil, newIOOp)
}

func (p *pollFD) recvFrom(b []byte) Op[Datagram] {
	return &ioOp[Datagram]{p: p, kind: &recvFromKind, buf: b}
}

func (p *pollFD) sendTo(b []byte, addr net.Addr) Op[int] {
	return &ioOp[int]{p: p, kind: &sendToKind, buf: b, aux: &ioAux{to: udpSockaddr(addr)}}
}

// The kinds of the socket ops.
var (
	readKind     = ioKind[int]{name: "read", dir: Readable, try: tryRead}
	writeKind    = ioKind[int]{name: "write", dir: Writable, try: tryWrite, ring: opSend}
	acceptKind   = ioKind[*Conn]{name: "accept", dir: Readable, try: tryAccept}
	recvFromKind = ioKind[Datagram]{name: "read", dir: Readable, try: tryRecvFrom}
	sendToKind   = ioKind[int]{name: "write", dir: Writable, try: trySendTo}
)

// keptOp returns an op of kind k on b for a Conn's Read or Write or a
// Listener's Accept. The socket keeps one op for each, in *kept, and hands
// it out again once it is done, so that a task that reads and writes in
// turn, or accepts in a loop, allocates nothing: the op is reset when it
// starts, if whoever awaited its last run has read that result (see
// ioOp.mayRearm), and otherwise a new op stands in for it. While the kept
// op is in use, as when two tasks write to one Conn at once, the others
// get ops of their own. An empty *kept takes one from newOp.
func keptOp[T any](p *pollFD, kept *atomic.Pointer[ioOp[T]], k *ioKind[T], b []byte, newOp func() *ioOp[T]) Op[T] {
	o := kept.Load()
	switch {
	case o == nil:
		o = newOp()
		o.p, o.kind, o.buf = p, k, b
		o.reuse.Store(opHanded)
		if !kept.CompareAndSwap(nil, o) {
			o.reuse.Store(opFresh)
		}
		return o
	case o.reuse.CompareAndSwap(opIdle, opHanded):
		o.buf, o.done = b, 0
		return o
	}
	return &ioOp[T]{p: p, kind: k, buf: b}
}

func (p *pollFD) drained(l *Loop) bool { return l.drained(p) }

func (p *pollFD) osSock() *pollFD { return p }

func (p *pollFD) readNow(l *Loop, b []byte) (int, error) {
	n, err := readFD(p, b)
	switch {
	case err == errAgain:
		return 0, err
	case err != nil:
		return 0, p.opError("read", err)
	case n == 0 && len(b) > 0:
		return 0, io.EOF
	}
	if n < len(b) && l != nil {
		l.drain(p)
	}
	return n, nil
}

func (p *pollFD) waitRead(l *Loop, w fdWaiter) error { return l.waitFD(p, w) }
func (p *pollFD) unwaitRead(l *Loop, w fdWaiter)     { l.unwaitFD(p, w) }
func (p *pollFD) waitReadBlocking(deadline time.Time) error {
	return p.waitBlockingUntil(Readable, deadline)
}

// opPoolMax bounds a loop's pool of parked ops.
const opPoolMax = 256

// park moves the ops that p keeps for its Conn's reads and writes into the
// loop's pool, if they are done and their results read: Conn p waits to
// read, and has since the loop went idle or for a while (see parkLater),
// and a quiet connection should hold no op it is not using.
// The next Read or Write of any of the loop's Conns takes one back.
func (l *Loop) park(p *pollFD) {
	if p.home != l {
		return // keptOp takes ops from the home loop's pool: keep them
	}
	for _, kept := range [2]*atomic.Pointer[ioOp[int]]{&p.rop, &p.wop} {
		o := kept.Load()
		if o == nil || o.reuse.Load() != opIdle || o.loop != l || !o.mayRearm(l) {
			continue
		}
		if !o.reuse.CompareAndSwap(opIdle, opParked) {
			continue // handed out again meanwhile, from another goroutine
		}
		kept.CompareAndSwap(o, nil)
		o.rearm()
		*o = ioOp[int]{} // forget the Conn, the buffer, the task
		l.opMu.Lock()
		if len(l.ops) < opPoolMax {
			l.ops = append(l.ops, o)
		}
		l.opMu.Unlock()
	}
}

// takeOp returns an op from the loop's pool, or a new one. It is safe
// from any goroutine, and l may be nil.
func (l *Loop) takeOp() *ioOp[int] {
	if l != nil {
		l.opMu.Lock()
		if n := len(l.ops); n > 0 {
			o := l.ops[n-1]
			l.ops[n-1] = nil
			l.ops = l.ops[:n-1]
			l.opMu.Unlock()
			return o
		}
		l.opMu.Unlock()
	}
	return new(ioOp[int])
}

// forget drops o, if it is one of the ops that p keeps (see connOp).
func (p *pollFD) forget(o any) {
	switch o := o.(type) {
	case *ioOp[int]:
		p.rop.CompareAndSwap(o, nil)
		p.wop.CompareAndSwap(o, nil)
	case *ioOp[*Conn]:
		p.mu.Lock()
		if p.rare != nil {
			p.rare.acc.CompareAndSwap(o, nil)
		}
		p.mu.Unlock()
	}
}

func (p *pollFD) shut() error {
	if err := p.close(nil); err != nil {
		return p.opError("close", err)
	}
	return nil
}

func (p *pollFD) shutWrite() error {
	if !p.incref() {
		return p.opError("close", net.ErrClosed)
	}
	defer p.decref()
	return p.opError("close", unix.Shutdown(int(p.sysfd), unix.SHUT_WR))
}

func (p *pollFD) setNoDelay(on bool) error {
	if p.kind != tcpSocket {
		return nil
	}
	if !p.incref() {
		return p.opError("set", net.ErrClosed)
	}
	defer p.decref()
	v := 0
	if on {
		v = 1
	}
	return p.opError("set", unix.SetsockoptInt(int(p.sysfd), unix.IPPROTO_TCP, unix.TCP_NODELAY, v))
}

// local returns the socket's local address: a listener's, kept since it
// was bound, or a connection's, asked of the system the first time.
func (p *pollFD) local() net.Addr {
	p.mu.Lock()
	if x := p.rare; x != nil && x.laddr != nil {
		p.mu.Unlock()
		return x.laddr
	}
	p.mu.Unlock()
	if !p.incref() {
		return nil
	}
	sa, err := unix.Getsockname(int(p.sysfd))
	p.decref()
	if err != nil {
		return nil
	}
	a := netAddr(p.kind.String(), sa)
	p.mu.Lock()
	p.rareLocked().laddr = a
	p.mu.Unlock()
	return a
}

// remote returns a connection's peer's address.
func (p *pollFD) remote() net.Addr {
	p.mu.Lock()
	var raddr net.Addr
	var zone uint32
	if x := p.rare; x != nil {
		raddr, zone = x.raddr, x.peerZone
	}
	p.mu.Unlock()
	if p.flags&peerSet == 0 {
		return raddr
	}
	proto := p.kind.String()
	if p.flags&peerV4 != 0 {
		return netAddr(proto, &unix.SockaddrInet4{Port: int(p.peerPort), Addr: [4]byte(p.peerIP[:4])})
	}
	return netAddr(proto, &unix.SockaddrInet6{Port: int(p.peerPort), ZoneId: zone, Addr: p.peerIP})
}

// setPeer records a connection's peer's address: inline if it is an IP
// one. It is called before the pollFD is shared.
func (p *pollFD) setPeer(sa unix.Sockaddr, addr net.Addr) {
	switch sa := sa.(type) {
	case *unix.SockaddrInet4:
		a := ipPort{port: uint16(sa.Port), v4: true, valid: true}
		copy(a.ip[:], sa.Addr[:])
		p.setPeerIP(a)
	case *unix.SockaddrInet6:
		p.setPeerIP(ipPort{ip: sa.Addr, zone: sa.ZoneId, port: uint16(sa.Port), valid: true})
	default:
		if addr == nil {
			addr = netAddr(p.kind.String(), sa)
		}
		p.mu.Lock()
		p.rareLocked().raddr = addr
		p.mu.Unlock()
	}
}

// setPeerIP records an IP peer, if a is valid. It is called before the
// pollFD is shared.
func (p *pollFD) setPeerIP(a ipPort) {
	if !a.valid {
		return
	}
	p.peerIP, p.peerPort = a.ip, a.port
	p.flags |= peerSet
	if a.v4 {
		p.flags |= peerV4
	}
	if a.zone != 0 {
		p.mu.Lock()
		p.rareLocked().peerZone = a.zone
		p.mu.Unlock()
	}
}

// syscallOn runs fn on p's descriptor while holding a reference, so that
// Close cannot close the number under it; net.ErrClosed if p is closing.
// EINTR is retried, EAGAIN is errAgain.
func syscallOn[T any](p *pollFD, fn func(fd int) (T, error)) (T, error) {
	if !p.incref() {
		var zero T
		return zero, net.ErrClosed
	}
	v, err := ignoringEINTR(func() (T, error) { return fn(int(p.sysfd)) })
	p.decref()
	if err == unix.EAGAIN {
		err = errAgain
	}
	return v, err
}

// readFD and writeFD are read(2) and write(2) on p, as syscallOn would
// make them, without a closure: they are a Conn's hot path.
func readFD(p *pollFD, b []byte) (int, error) {
	if !p.incref() {
		return 0, net.ErrClosed
	}
	n, err := sysRead(int(p.sysfd), b)
	p.decref()
	return n, err
}

func writeFD(p *pollFD, b []byte) (int, error) {
	if !p.incref() {
		return 0, net.ErrClosed
	}
	n, err := sysWrite(int(p.sysfd), b)
	p.decref()
	return n, err
}

func tryRead(o *ioOp[int]) (int, error) {
	if len(o.buf) == 0 {
		return 0, nil
	}
	n, err := readFD(o.p, o.buf)
	switch {
	case err == errAgain:
		return 0, err
	case err != nil:
		return 0, o.opError(err)
	case n == 0:
		return 0, io.EOF
	}
	if n < len(o.buf) && o.reuse.Load() == opRunning { // on a loop, not in blocking mode
		o.loop.drain(o.p)
	}
	return n, nil
}

func tryWrite(o *ioOp[int]) (int, error) {
	for o.done < len(o.buf) {
		n, err := writeFD(o.p, o.buf[o.done:])
		if n > 0 {
			o.done += n
		}
		switch {
		case err == errAgain:
			return 0, err
		case err != nil:
			return o.done, o.opError(err)
		}
	}
	return o.done, nil
}

func tryAccept(o *ioOp[*Conn]) (*Conn, error) {
	if !o.p.incref() {
		return nil, o.opError(net.ErrClosed)
	}
	defer o.p.decref()
	for {
		if onAccept != nil {
			onAccept()
		}
		fd, peer, sa, err := sysAccept(int(o.p.sysfd))
		switch {
		case err == unix.EINTR, err == unix.ECONNABORTED:
			continue // interrupted, or the peer gave up before we accepted: next
		case err == unix.EAGAIN:
			return nil, errAgain
		case isFDLimit(err):
			return nil, errBackoff
		case err != nil:
			return nil, o.opError(err)
		}
		if o.aux != nil {
			o.aux.backoff = 0
		}
		p := newPollFD(fd, o.loop)
		p.kind = o.p.kind
		p.setPeerIP(peer)
		if sa != nil {
			p.setPeer(sa, nil)
		}
		p.setNoDelay(true) // as the net package does; a failure is not the accept's
		return newConn(p, "Accept"), nil
	}
}

func tryRecvFrom(o *ioOp[Datagram]) (Datagram, error) {
	type received struct {
		n  int
		sa unix.Sockaddr
	}
	r, err := syscallOn(o.p, func(fd int) (received, error) {
		n, _, _, sa, err := unix.Recvmsg(fd, o.buf, nil, 0)
		return received{n, sa}, err
	})
	switch {
	case err == errAgain:
		return Datagram{}, err
	case err != nil:
		return Datagram{}, o.opError(err)
	}
	return Datagram{N: r.n, Addr: netAddr("udp", r.sa)}, nil
}

func trySendTo(o *ioOp[int]) (int, error) {
	if o.aux.to == nil {
		return 0, o.opError(&net.AddrError{Err: "not a UDP address"})
	}
	_, err := syscallOn(o.p, func(fd int) (struct{}, error) {
		return struct{}{}, unix.Sendto(fd, o.buf, 0, o.aux.to)
	})
	switch {
	case err == errAgain:
		return 0, err
	case err != nil:
		return 0, o.opError(err)
	}
	return len(o.buf), nil
}

// udpSockaddr is addr as a socket address, or nil if it is not a UDP one.
func udpSockaddr(addr net.Addr) unix.Sockaddr {
	ua, ok := addr.(*net.UDPAddr)
	if !ok {
		return nil
	}
	ip, ok := netip.AddrFromSlice(ua.IP)
	if !ok {
		return nil
	}
	sa, err := ipSockAddr("udp", 0, ip.WithZone(ua.Zone), ua.Port)
	if err != nil {
		return nil
	}
	return sa.sa
}

// dialOp is the op behind Dial on the OS network: it resolves the address
// if it must, then connects to each address in turn until one answers.
type dialOp struct {
	fut      Future[*Conn]
	network  string
	proto    string
	loop     *Loop
	addrs    []sockAddr
	next     int
	p        *pollFD             // the socket connecting, if any
	res      *Future[[]sockAddr] // the lookup, while it runs
	firstErr error
}

// dialProto is the protocol Dial uses for network: "tcp" or "unix", or a
// *net.OpError.
func dialProto(network string) (string, error) {
	proto, _, err := netKind(network)
	if err == nil && proto == "udp" {
		err = fmt.Errorf("rt: Dial of %q: use ListenPacket", network)
	}
	if err != nil {
		return "", &net.OpError{Op: "dial", Net: network, Err: err}
	}
	return proto, nil
}

func (osNetwork) dial(l *Loop, network, address string) *Future[*Conn] {
	o := &dialOp{network: network, loop: l}
	o.fut.owner = o
	proto, err := dialProto(network)
	if err != nil {
		o.fut.Reject(err)
		return &o.fut
	}
	o.proto = proto
	addrs, lk, err := parseAddr(network, address)
	switch {
	case err != nil:
		o.fut.Reject(&net.OpError{Op: "dial", Net: network, Err: err})
	case lk != nil:
		o.res = resolveOn(l, lk)
		watch(&o.res.futureCore, o)
	default:
		o.addrs = addrs
		o.connectNext()
	}
	return &o.fut
}

// wake is called when the lookup has finished.
func (o *dialOp) wake(*futureCore) {
	res := o.res
	o.res = nil
	if o.fut.isDone() {
		return
	}
	addrs, err := res.Result()
	if err != nil {
		o.fut.Reject(&net.OpError{Op: "dial", Net: o.network, Err: err})
		return
	}
	o.addrs = addrs
	o.connectNext()
}

// connectNext starts connecting to the next address, or fails with the
// first address's error when none is left.
func (o *dialOp) connectNext() {
	for o.next < len(o.addrs) {
		a := o.addrs[o.next]
		o.next++
		p, err := startConnect(o.loop, o.network, o.proto, a)
		if err == errAgain {
			o.p = p
			if err := o.loop.waitFD(p, o); err != nil {
				o.failed(err)
				continue
			}
			return
		}
		if err != nil {
			o.noteErr(err)
			continue
		}
		o.fut.Resolve(newConn(p, "Dial"))
		return
	}
	o.fut.Reject(o.firstErr)
}

func (o *dialOp) noteErr(err error) {
	if o.firstErr == nil {
		o.firstErr = err
	}
}

// failed drops the socket that failed to connect with err.
func (o *dialOp) failed(err error) {
	p := o.p
	o.p = nil
	o.noteErr(p.opError("dial", err))
	p.close(o.loop)
}

// retry runs when the connecting socket is writable: connected, or failed.
func (o *dialOp) retry() bool {
	if o.fut.isDone() || o.p == nil {
		return true
	}
	switch err := connectResult(o.p); err {
	case nil:
		p := o.p
		o.p = nil
		o.fut.Resolve(newConn(p, "Dial"))
	case errAgain:
		return false
	default:
		o.failed(err)
		o.connectNext()
	}
	return true
}

func (o *dialOp) waitDir() Events { return Writable }

func (o *dialOp) abort(err error) {
	if p := o.p; p != nil {
		o.p = nil
		err = p.opError("dial", err)
		p.close(o.loop)
	}
	o.fut.Reject(err)
}

func (o *dialOp) cancel() bool {
	if o.fut.isDone() {
		return false
	}
	if o.res != nil {
		o.res.cancel()
	}
	if p := o.p; p != nil {
		o.p = nil
		o.loop.unwaitFD(p, o)
		p.close(o.loop)
	}
	o.fut.Reject(ErrCanceled)
	return true
}

func (o *dialOp) String() string { return "Dial " + o.network }

func (osNetwork) dialBlocking(network, address string) (*Conn, error) {
	proto, err := dialProto(network)
	if err != nil {
		return nil, err
	}
	addrs, err := resolveBlocking(network, address)
	if err != nil {
		return nil, &net.OpError{Op: "dial", Net: network, Err: err}
	}
	var firstErr error
	for _, a := range addrs {
		p, err := startConnect(nil, network, proto, a)
		for err == errAgain {
			if err = p.waitBlocking(Writable); err == nil {
				err = connectResult(p)
			}
		}
		if err == nil {
			return newConn(p, "Dial"), nil
		}
		if p != nil {
			err = p.opError("dial", err)
			p.close(nil)
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return nil, firstErr
}

// startConnect makes a socket and begins connecting it to a: errAgain
// with the socket if the connection is under way.
func startConnect(home *Loop, network, proto string, a sockAddr) (*pollFD, error) {
	p, err := newSocket(home, proto, a.family)
	if err != nil {
		return nil, &net.OpError{Op: "dial", Net: network, Addr: a.addr, Err: err}
	}
	p.setPeer(a.sa, a.addr)
	p.setNoDelay(true) // as the net package does; a failure is not the dial's
	err = unix.Connect(int(p.sysfd), a.sa)
	switch err {
	case nil:
		return p, nil
	case unix.EINPROGRESS, unix.EALREADY, unix.EINTR:
		return p, errAgain
	}
	err = p.opError("dial", os.NewSyscallError("connect", err))
	p.close(nil)
	return nil, err
}

// connectResult reports how a connection under way stands: nil once it is
// made, errAgain while it is not, or why it failed.
func connectResult(p *pollFD) error {
	soerr, err := unix.GetsockoptInt(int(p.sysfd), unix.SOL_SOCKET, unix.SO_ERROR)
	if err != nil {
		return os.NewSyscallError("getsockopt", err)
	}
	switch e := unix.Errno(soerr); e {
	case unix.EINPROGRESS, unix.EALREADY, unix.EINTR:
		return errAgain
	case 0:
		if _, err := unix.Getpeername(int(p.sysfd)); err == unix.ENOTCONN {
			return errAgain // woken early: not connected yet
		}
		return nil
	default:
		return os.NewSyscallError("connect", e)
	}
}

package sim

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"slices"
	"strconv"
	"syscall"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

// The simulated network.
//
// Every loop of a world (the main loop and each host's) reaches the
// world's network through rt.WithNetwork: rt.Dial, rt.Listen and
// rt.ListenPacket awaited in its tasks make simulated sockets, which the
// code reads and writes through the Conn, Listener, PacketConn, Reader and
// Writer it knows. Each host has an IPv4 address, 10.0.0.1 for the first
// one made, and tasks name hosts by name or address: "db:5432",
// "10.0.0.2:5432". The main loop is the host "main".
//
// What travels takes a latency drawn from NetConfig.Latency. Streams are
// TCP: in order, never lost or duplicated; a segment that meets a
// partition is sent again (after 200 ms, doubling up to 5 s) until the
// partition heals, and after a minute of that both ends are reset with
// ETIMEDOUT. Datagrams are UDP: lost, duplicated or delayed past later
// ones with NetConfig's probabilities, and lost across a partition.

// NetConfig sets how the world's network behaves. The zero value is a
// fault-free network with the default latency.
type NetConfig struct {
	// Latency draws the one-way latency of a segment or datagram; nil
	// means UniformLatency(500*time.Microsecond, 5*time.Millisecond).
	Latency func(r *rand.Rand) time.Duration
	// Loss, Duplicate and Reorder are the probabilities that a datagram
	// is lost, arrives twice, or is held back by up to ten latencies.
	Loss, Duplicate, Reorder float64
	// Reset is the probability that a stream segment, arriving, resets
	// its connection instead: both ends fail with ECONNRESET.
	Reset float64
}

// UniformLatency returns a latency distribution uniform between lo and
// hi.
func UniformLatency(lo, hi time.Duration) func(*rand.Rand) time.Duration {
	return func(r *rand.Rand) time.Duration { return lo + time.Duration(r.Int64N(int64(hi-lo)+1)) }
}

// Timings of a stream segment that meets a partition.
const (
	rtoMin     = 200 * time.Millisecond
	rtoMax     = 5 * time.Second
	breakAfter = time.Minute
	// connectTimeout is how long a dial waits for an answer that will
	// not come: from a host that is down, or across a partition.
	connectTimeout = 20 * time.Second
)

// SetNet sets how the world's network behaves from now on.
func (w *World) SetNet(c NetConfig) { w.net.cfg = c }

// Partition cuts the network between every host of a and every host of
// b, both ways, until Heal. Hosts are named as for World.Host; "main" is
// the main loop.
func (w *World) Partition(a, b []string) {
	w.trace.add(w.now, fmt.Sprintf("partition %v | %v", a, b))
	for _, x := range a {
		for _, y := range b {
			if x != y {
				w.net.cut[link(x, y)] = true
			}
		}
	}
}

// Heal ends every partition.
func (w *World) Heal() {
	w.trace.add(w.now, "heal")
	clear(w.net.cut)
}

// Reset resets every connection between hosts a and b: both ends fail
// with ECONNRESET, as after a middlebox's reset.
func (w *World) Reset(a, b string) {
	w.trace.add(w.now, "reset "+a+" "+b)
	ha, hb := w.net.hosts[a], w.net.hosts[b]
	if ha == nil || hb == nil {
		return
	}
	for _, c := range slices.Clone(ha.conns) {
		if c.peer != nil && c.peer.host == hb {
			w.net.resetPair(c, syscall.ECONNRESET)
		}
	}
}

// link names the pair of hosts x and y, in either order.
func link(x, y string) [2]string {
	if x > y {
		x, y = y, x
	}
	return [2]string{x, y}
}

// network is the world's network.
type network struct {
	w     *World
	cfg   NetConfig
	hosts map[string]*netHost
	byIP  map[[4]byte]*netHost
	cut   map[[2]string]bool
	n     int // hosts made
}

func newNetwork(w *World) *network {
	return &network{w: w, hosts: map[string]*netHost{}, byIP: map[[4]byte]*netHost{}, cut: map[[2]string]bool{}}
}

// A netHost is a host's place on the network: its address, ports and
// sockets. It outlives the host's crashes.
type netHost struct {
	n         *network
	name      string
	ip        [4]byte
	up        bool
	listeners map[int]*simListener
	packets   map[int]*simPacket
	conns     []*simConn // its open connections' ends, in the order made
	nextPort  int
}

func (n *network) addHost(name string) *netHost {
	n.n++
	h := &netHost{n: n, name: name, ip: [4]byte{10, 0, byte(n.n >> 8), byte(n.n)}, up: true,
		listeners: map[int]*simListener{}, packets: map[int]*simPacket{}, nextPort: 40000}
	n.hosts[name] = h
	n.byIP[h.ip] = h
	return h
}

func (h *netHost) ipAddr() net.IP { return net.IPv4(h.ip[0], h.ip[1], h.ip[2], h.ip[3]).To4() }

// port returns a free ephemeral port.
func (h *netHost) port() int {
	for {
		h.nextPort++
		if h.nextPort > 65535 {
			h.nextPort = 40001
		}
		if h.listeners[h.nextPort] == nil && h.packets[h.nextPort] == nil {
			return h.nextPort
		}
	}
}

// crash forgets the host's sockets and resets the peers of its
// connections.
func (h *netHost) crash() {
	h.up = false
	clear(h.listeners)
	clear(h.packets)
	conns := h.conns
	h.conns = nil
	for _, c := range conns {
		c.dead = true
		if p := c.peer; p != nil && !p.dead {
			h.n.afterLatency(h, p.host, func() { h.n.reset(p, syscall.ECONNRESET) })
		}
	}
}

func (h *netHost) drop(c *simConn) {
	if i := slices.Index(h.conns, c); i >= 0 {
		h.conns = slices.Delete(h.conns, i, i+1)
	}
}

// latency draws a one-way latency.
func (n *network) latency() time.Duration {
	if n.cfg.Latency == nil {
		n.cfg.Latency = UniformLatency(500*time.Microsecond, 5*time.Millisecond)
	}
	return n.cfg.Latency(n.w.rng)
}

// reachable reports whether a can reach b now.
func (n *network) reachable(a, b *netHost) bool { return !n.cut[link(a.name, b.name)] }

// afterLatency runs fn after a latency from a to b, unless a partition
// between them drops it.
func (n *network) afterLatency(a, b *netHost, fn func()) {
	n.w.at(n.latency(), func() {
		if n.reachable(a, b) {
			fn()
		}
	})
}

// resolve finds the host and port of address.
func (n *network) resolve(network, address string) (*netHost, int, error) {
	host, ps, err := net.SplitHostPort(address)
	if err != nil {
		return nil, 0, err
	}
	port, err := strconv.Atoi(ps)
	if err != nil || port < 0 || port > 65535 {
		return nil, 0, &net.AddrError{Err: "invalid port", Addr: address}
	}
	if h := n.hosts[host]; h != nil {
		return h, port, nil
	}
	if ip := net.ParseIP(host).To4(); ip != nil {
		if h := n.byIP[[4]byte(ip)]; h != nil {
			return h, port, nil
		}
	}
	return nil, port, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}

// netView is the network as one part's loop sees it: an rt.Network.
type netView struct {
	n *network
	p *part
}

func (v netView) opError(op, network string, addr net.Addr, err error) error {
	return &net.OpError{Op: op, Net: network, Addr: addr, Err: err}
}

// complete completes fut on the loop of part p, if it still runs.
func complete[T any](p *part, fut *rt.Future[T], v T, err error, undo func()) {
	if p.loop.Submit(func() {
		if !fut.Complete(v, err) && undo != nil {
			undo()
		}
	}) != nil && undo != nil {
		undo()
	}
}

func (v netView) Dial(l *rt.Loop, network, address string) *rt.Future[*rt.Conn] {
	fut := rt.NewFuture[*rt.Conn]()
	n, src := v.n, v.p.net
	if network != "tcp" && network != "tcp4" {
		fut.Reject(v.opError("dial", network, nil, net.UnknownNetworkError(network)))
		return fut
	}
	dst, port, err := n.resolve(network, address)
	if err != nil {
		fut.Reject(v.opError("dial", network, nil, err))
		return fut
	}
	raddr := &net.TCPAddr{IP: dst.ipAddr(), Port: port}
	n.w.trace.add(n.w.now, fmt.Sprintf("dial %s -> %s %v", src.name, dst.name, raddr))
	timeout := n.w.loopTimer(v.p, connectTimeout, func() {
		fut.Reject(v.opError("dial", network, raddr, syscall.ETIMEDOUT))
	})
	p := v.p
	n.afterLatency(src, dst, func() { // the SYN arrives
		if !p.alive() {
			return
		}
		if !dst.up {
			return // nobody answers: the dial times out
		}
		ln := dst.listeners[port]
		if ln == nil || ln.closed {
			n.afterLatency(dst, src, func() {
				n.w.trace.add(n.w.now, fmt.Sprintf("refused %s -> %v", src.name, raddr))
				complete(p, fut, nil, v.opError("dial", network, raddr, syscall.ECONNREFUSED), nil)
				timeout()
			})
			return
		}
		c := &simConn{host: src, loop: p.loop, raddr: raddr,
			laddr: &net.TCPAddr{IP: src.ipAddr(), Port: src.port()}}
		s := &simConn{host: dst, loop: ln.loop, laddr: &net.TCPAddr{IP: dst.ipAddr(), Port: port}, raddr: c.laddr}
		c.peer, s.peer = s, c
		src.conns = append(src.conns, c)
		dst.conns = append(dst.conns, s)
		s.conn, s.ready = rt.NewConn(s.loop, s)
		c.conn, c.ready = rt.NewConn(c.loop, c)
		ln.loop.Submit(func() {
			ln.backlog = append(ln.backlog, s.conn)
			ln.ready(rt.Readable)
		})
		n.afterLatency(dst, src, func() { // the SYN-ACK
			complete(p, fut, c.conn, nil, func() { c.Close() })
			timeout()
		})
	})
	return fut
}

// loopTimer runs fn on part p's loop after d, unless the function it
// returns is called first.
func (w *World) loopTimer(p *part, d time.Duration, fn func()) (stop func()) {
	stopped := false
	w.at(d, func() {
		if !stopped {
			p.loop.Submit(fn)
		}
	})
	return func() { stopped = true }
}

// localPort resolves the address a host listens on: its own name or
// address, or none, and a port (0: a free one).
func (v netView) localPort(network, address string) (int, error) {
	host, ps, err := net.SplitHostPort(address)
	if err != nil {
		return 0, err
	}
	h := v.p.net
	if host != "" && host != h.name && host != "0.0.0.0" && host != "::" && !net.ParseIP(host).Equal(h.ipAddr()) {
		return 0, syscall.EADDRNOTAVAIL
	}
	port, err := strconv.Atoi(ps)
	if err != nil || port < 0 || port > 65535 {
		return 0, &net.AddrError{Err: "invalid port", Addr: address}
	}
	if port == 0 {
		return h.port(), nil
	}
	if h.listeners[port] != nil || h.packets[port] != nil {
		return 0, syscall.EADDRINUSE
	}
	return port, nil
}

func (v netView) Listen(l *rt.Loop, network, address string) *rt.Future[*rt.Listener] {
	fut := rt.NewFuture[*rt.Listener]()
	if !v.p.alive() {
		// A task of a crashed incarnation, winding down.
		fut.Reject(v.opError("listen", network, nil, net.ErrClosed))
		return fut
	}
	if network != "tcp" && network != "tcp4" {
		fut.Reject(v.opError("listen", network, nil, net.UnknownNetworkError(network)))
		return fut
	}
	port, err := v.localPort(network, address)
	if err != nil {
		fut.Reject(v.opError("listen", network, nil, err))
		return fut
	}
	h := v.p.net
	ln := &simListener{host: h, loop: l, addr: &net.TCPAddr{IP: h.ipAddr(), Port: port}}
	h.listeners[port] = ln
	v.n.w.trace.add(v.n.w.now, fmt.Sprintf("listen %s %v", h.name, ln.addr))
	var rl *rt.Listener
	rl, ln.ready = rt.NewListener(l, ln)
	fut.Resolve(rl)
	return fut
}

func (v netView) ListenPacket(l *rt.Loop, network, address string) *rt.Future[*rt.PacketConn] {
	fut := rt.NewFuture[*rt.PacketConn]()
	if !v.p.alive() {
		// A task of a crashed incarnation, winding down.
		fut.Reject(v.opError("listen", network, nil, net.ErrClosed))
		return fut
	}
	if network != "udp" && network != "udp4" {
		fut.Reject(v.opError("listen", network, nil, net.UnknownNetworkError(network)))
		return fut
	}
	port, err := v.localPort(network, address)
	if err != nil {
		fut.Reject(v.opError("listen", network, nil, err))
		return fut
	}
	h := v.p.net
	pc := &simPacket{host: h, loop: l, addr: &net.UDPAddr{IP: h.ipAddr(), Port: port}}
	h.packets[port] = pc
	var rp *rt.PacketConn
	rp, pc.ready = rt.NewPacketConn(l, pc)
	fut.Resolve(rp)
	return fut
}

// simListener is a listening socket: an rt.ListenSocket.
type simListener struct {
	host    *netHost
	loop    *rt.Loop
	addr    *net.TCPAddr
	backlog []*rt.Conn
	ready   func(rt.Events)
	closed  bool
}

func (ln *simListener) TryAccept() (*rt.Conn, error) {
	if len(ln.backlog) == 0 {
		return nil, rt.ErrWouldBlock
	}
	c := ln.backlog[0]
	ln.backlog = ln.backlog[1:]
	return c, nil
}

func (ln *simListener) Close() error {
	ln.closed = true
	if ln.host.listeners[ln.addr.Port] == ln {
		delete(ln.host.listeners, ln.addr.Port)
	}
	for _, c := range ln.backlog {
		c.Close()
	}
	ln.backlog = nil
	return nil
}

func (ln *simListener) Addr() net.Addr { return ln.addr }

// simConn is one end of a connection: an rt.StreamSocket.
type simConn struct {
	host         *netHost
	loop         *rt.Loop
	conn         *rt.Conn
	ready        func(rt.Events)
	laddr, raddr *net.TCPAddr
	peer         *simConn
	in           []byte // arrived, not yet read
	eof          bool   // the peer's FIN has arrived
	err          error  // what broke the connection
	closed       bool   // Close was called
	finSent      bool
	dead         bool          // closed, or its host crashed: nothing reaches it
	arrive       time.Duration // when the last segment sent arrives, to keep order
}

func (c *simConn) TryRead(b []byte) (int, error) {
	switch {
	case c.err != nil:
		return 0, c.err
	case len(c.in) > 0:
		n := copy(b, c.in)
		c.in = c.in[n:]
		return n, nil
	case c.eof:
		return 0, io.EOF
	}
	return 0, rt.ErrWouldBlock
}

func (c *simConn) TryWrite(b []byte) (int, error) {
	switch {
	case c.err != nil:
		return 0, c.err
	case c.finSent:
		return 0, syscall.EPIPE
	}
	c.send(slices.Clone(b), false)
	return len(b), nil
}

func (c *simConn) CloseWrite() error {
	if !c.finSent && c.err == nil {
		c.finSent = true
		c.send(nil, true)
	}
	return nil
}

func (c *simConn) Close() error {
	c.CloseWrite()
	c.closed, c.dead = true, true
	c.host.drop(c)
	return nil
}

func (c *simConn) LocalAddr() net.Addr  { return c.laddr }
func (c *simConn) RemoteAddr() net.Addr { return c.raddr }

// send sends a segment to the peer: data, or the end of the stream.
func (c *simConn) send(data []byte, fin bool) {
	if c.dead {
		return // its host crashed: a closing task's FIN goes nowhere
	}
	n := c.host.n
	w := n.w
	at := max(w.now+n.latency(), c.arrive)
	c.arrive = at
	w.trace.add(w.now, fmt.Sprintf("send %s -> %s %dB fin=%v", c.host.name, c.peer.host.name, len(data), fin))
	w.at(at-w.now, func() { c.arrived(data, fin, w.now, rtoMin) })
}

// arrived is a segment of c's reaching the peer, or meeting a partition
// on the way (then it is sent again after rto).
func (c *simConn) arrived(data []byte, fin bool, sent, rto time.Duration) {
	n := c.host.n
	w := n.w
	p := c.peer
	if c.err != nil {
		return
	}
	if !n.reachable(c.host, p.host) {
		if w.now-sent >= breakAfter {
			n.resetPair(c, syscall.ETIMEDOUT)
			return
		}
		c.arrive = max(c.arrive, w.now+rto)
		w.at(rto, func() { c.arrived(data, fin, sent, min(2*rto, rtoMax)) })
		return
	}
	if p.dead {
		// A closed socket, or a crashed host: the answer is a reset.
		if !p.closed || len(data) > 0 {
			n.afterLatency(p.host, c.host, func() { n.reset(c, syscall.ECONNRESET) })
		}
		return
	}
	if n.cfg.Reset > 0 && w.rng.Float64() < n.cfg.Reset {
		n.resetPair(c, syscall.ECONNRESET)
		return
	}
	w.trace.add(w.now, fmt.Sprintf("deliver %s -> %s %dB fin=%v", c.host.name, p.host.name, len(data), fin))
	p.loop.Submit(func() {
		if p.err != nil {
			return
		}
		p.in = append(p.in, data...)
		if fin {
			p.eof = true
		}
		p.ready(rt.Readable)
	})
}

// reset breaks end c of a connection with err.
func (n *network) reset(c *simConn, err error) {
	if c.err != nil || c.closed {
		return
	}
	n.w.trace.add(n.w.now, fmt.Sprintf("reset %s %v: %v", c.host.name, c.laddr, err))
	c.err = err
	c.dead = true
	c.host.drop(c)
	c.loop.Submit(func() { c.in = nil; c.ready(rt.Readable | rt.Writable) })
}

// resetPair breaks both ends of c's connection at once.
func (n *network) resetPair(c *simConn, err error) {
	p := c.peer
	n.reset(c, err)
	if p != nil {
		n.reset(p, err)
	}
}

// simPacket is a datagram socket: an rt.PacketSocket.
type simPacket struct {
	host   *netHost
	loop   *rt.Loop
	addr   *net.UDPAddr
	queue  []datagram
	ready  func(rt.Events)
	closed bool
}

type datagram struct {
	data []byte
	from *net.UDPAddr
}

func (pc *simPacket) TryReadFrom(b []byte) (int, net.Addr, error) {
	if len(pc.queue) == 0 {
		return 0, nil, rt.ErrWouldBlock
	}
	d := pc.queue[0]
	pc.queue = pc.queue[1:]
	return copy(b, d.data), d.from, nil
}

func (pc *simPacket) TryWriteTo(b []byte, addr net.Addr) (int, error) {
	ua, ok := addr.(*net.UDPAddr)
	if !ok {
		return 0, &net.AddrError{Err: "not a UDP address", Addr: fmt.Sprint(addr)}
	}
	n := pc.host.n
	w := n.w
	ip := ua.IP.To4()
	if ip == nil {
		return 0, &net.AddrError{Err: "not an IPv4 address", Addr: ua.String()}
	}
	dst := n.byIP[[4]byte(ip)]
	if dst == nil {
		return len(b), nil // nobody there: lost
	}
	data := slices.Clone(b)
	if n.cfg.Loss > 0 && w.rng.Float64() < n.cfg.Loss {
		w.trace.add(w.now, fmt.Sprintf("lose %s -> %v %dB", pc.host.name, ua, len(b)))
		return len(b), nil
	}
	copies := 1
	if n.cfg.Duplicate > 0 && w.rng.Float64() < n.cfg.Duplicate {
		w.trace.add(w.now, fmt.Sprintf("duplicate %s -> %v %dB", pc.host.name, ua, len(b)))
		copies = 2
	}
	for range copies {
		d := n.latency()
		if n.cfg.Reorder > 0 && w.rng.Float64() < n.cfg.Reorder {
			d += time.Duration(w.rng.Int64N(10*int64(d) + 1))
			w.trace.add(w.now, fmt.Sprintf("delay %s -> %v by %v", pc.host.name, ua, d))
		}
		src, from, port := pc.host, pc.addr, ua.Port
		w.at(d, func() {
			to := dst.packets[port]
			if to == nil || !n.reachable(src, dst) {
				w.trace.add(w.now, fmt.Sprintf("drop %s -> %v", src.name, ua))
				return
			}
			w.trace.add(w.now, fmt.Sprintf("datagram %s -> %v %dB", src.name, ua, len(data)))
			to.loop.Submit(func() {
				if !to.closed {
					to.queue = append(to.queue, datagram{data, from})
					to.ready(rt.Readable)
				}
			})
		})
	}
	return len(b), nil
}

func (pc *simPacket) Close() error {
	pc.closed = true
	if pc.host.packets[pc.addr.Port] == pc {
		delete(pc.host.packets, pc.addr.Port)
	}
	return nil
}

func (pc *simPacket) LocalAddr() net.Addr { return pc.addr }

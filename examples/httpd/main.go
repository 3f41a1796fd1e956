// Command httpd is an HTTP/1.1 server written as plain sequential Go:
// each connection is a task that reads a request, answers it and reads
// the next, and one event loop runs them all.
//
//	httpd [-addr 127.0.0.1:0] [-loops 1] [-cert file -key file] [-idle 30s] [-header-timeout 10s] [-cpuprofile file]
//	httpd -demo
//
// It serves on -addr (port 0: the system chooses; the bound address is
// printed) until SIGINT or SIGTERM. -loops N spreads the connections over
// N event loops, each on a thread of its own (0: one per CPU): the first
// loop accepts and hands each connection to the next loop in turn. With
// -cert and -key it serves HTTPS (rt.TLSServer: the handshake on a
// goroutine, within -header-timeout, the requests on the loop). -demo serves on a port of 127.0.0.1,
// makes a few requests with a client in the same process, prints the
// answers and exits.
//
// Routes:
//
//	GET  /             "hello, world"
//	POST /echo         the request's body
//	GET  /sleep?ms=N   waits N milliseconds (at most 10 s), then answers
//
// Connections are kept alive (HTTP/1.1 unless "Connection: close";
// HTTP/1.0 with "Connection: keep-alive") and may pipeline: answers to
// requests that arrived together are written together. Request bodies
// are read by Content-Length; a chunked body is refused with 501. A
// malformed request gets 400, a header line or a head longer than
// -max-header gets 431, a body longer than -max-body gets 413, and the
// connection is then closed. A connection that sends nothing for -idle
// between requests, or takes longer than -header-timeout to send a
// request's head (a slowloris client), or -body-timeout its body, is
// closed; the others go on being served.
//
// serve, handle and readRequest are ordinary Go functions marked //async;
// asyncgen writes their state machines into main_async.go.
package main

import (
	"bytes"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

//go:generate go tool asyncgen

// config is what the server's limits are.
type config struct {
	idle          time.Duration // between requests
	headerTimeout time.Duration // for a request's line and headers
	bodyTimeout   time.Duration // for a request's body
	maxHeader     int           // bytes of request line and headers
	maxBody       int           // bytes of body
	tls           *tls.Config   // serve HTTPS with it, if set
}

var defaults = config{
	idle:          30 * time.Second,
	headerTimeout: 10 * time.Second,
	bodyTimeout:   30 * time.Second,
	maxHeader:     8 << 10,
	maxBody:       1 << 20,
}

// request is what the server keeps of a request.
type request struct {
	method, path, query string
	body                []byte
	close               bool // the client asked to close after the answer
}

// badRequest is a request the server refuses with status, then closes
// the connection.
type badRequest struct {
	status int
	why    string
}

func (e *badRequest) Error() string { return fmt.Sprintf("%d %s", e.status, e.why) }

// serve accepts connections on ln and serves each on a task of its own,
// until ln is closed; then it waits for the connections to finish.
//
// async
func serve(ln *rt.Listener, cfg *config) error {
	var g rt.Group
	g.Go(acceptAllAsync(ln, &g, cfg))
	_, err := rt.Await(g.Wait())
	return err
}

// acceptAll accepts connections on ln and adds a handler for each to g,
// until ln is closed.
//
// async
func acceptAll(ln *rt.Listener, g *rt.Group, cfg *config) error {
	for {
		c, err := rt.Await(ln.Accept())
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		g.Go(handleAsync(c, cfg))
	}
}

// spread accepts connections on ln and hands each to the next of the
// loops, round robin, until ln is closed; then it stops the loops.
//
// async
func spread(ln *rt.Listener, loops *rt.Loops, cfg *config) error {
	defer loops.Stop()
	for {
		c, err := rt.Await(ln.Accept())
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := loops.Go(handleAsync(c, cfg)); err != nil {
			c.Close()
			return err
		}
	}
}

// serveSpread serves on ln with n loops until ln is closed. Connections
// still open then are cancelled when the loops close.
func serveSpread(ln *rt.Listener, cfg *config, n int) error {
	ls, err := rt.NewLoops(n)
	if err != nil {
		return err
	}
	defer ls.Close()
	return ls.Run(func(i int) rt.AnyTask {
		if i == 0 {
			return spreadAsync(ln, ls, cfg)
		}
		return nil // the loop runs until Stop
	})
}

// handle serves the requests of c in turn until the client closes, asks
// to close, times out or sends a request the server refuses. A client's
// fault is not the server's: handle returns nil for it.
//
// async
func handle(c *rt.Conn, cfg *config) error {
	defer c.Close()
	if cfg.tls != nil {
		// HTTPS: the handshake, within the time a request's head has, then
		// the same server over the TLS stream.
		t := rt.TLSServer(c, cfg.tls)
		if _, err := rt.Await(rt.Timeout(t.Handshake(), cfg.headerTimeout)); err != nil {
			return nil
		}
		c = t.Stream()
	}
	r := rt.NewReaderSize(c, cfg.maxHeader)
	w := rt.NewWriterSize(c, 16<<10)
	var out []byte
	for {
		req, err := readRequest(r, cfg)
		var bad *badRequest
		if errors.As(err, &bad) {
			out = appendResponse(out[:0], bad.status, "text/plain; charset=utf-8", []byte(bad.why+"\n"), true)
			if _, err := rt.Await(w.Write(out)); err == nil {
				rt.Await(w.Flush())
			}
			return nil
		}
		if err != nil {
			// End of stream, reset, or a timeout: nothing to answer.
			rt.Await(w.Flush())
			return nil
		}
		status, ctype, body := route(req)
		if req.method == "GET" && req.path == "/sleep" && status == http.StatusOK {
			ms, _ := strconv.Atoi(queryValue(req.query, "ms"))
			if _, err := rt.Await(w.Flush()); err != nil {
				return nil
			}
			rt.Await(rt.Sleep(time.Duration(ms) * time.Millisecond))
		}
		out = appendResponse(out[:0], status, ctype, body, req.close)
		if req.method == "HEAD" {
			out = out[:len(out)-len(body)] // the head of the GET's answer
		}
		if _, err := rt.Await(w.Write(out)); err != nil {
			return nil
		}
		if req.close || r.Buffered() == 0 {
			// Nothing pipelined behind this request: send what is
			// written. Otherwise the next answer goes with it.
			if _, err := rt.Await(w.Flush()); err != nil {
				return nil
			}
		}
		if req.close {
			return nil
		}
	}
}

// readRequest reads the next request from r: its head within
// cfg.headerTimeout of its first byte (and that first byte within
// cfg.idle), its body within cfg.bodyTimeout. A request the server
// refuses is a *badRequest; any other error ends the connection without
// an answer.
//
// async
func readRequest(r *rt.Reader, cfg *config) (*request, error) {
	// The Reader's deadline bounds every wait that follows, with one
	// timer for the connection: the idle time for the request line, then
	// the time left for the head, then the body's.
	r.SetDeadline(time.Now().Add(cfg.idle))
	line, err := rt.Await(r.ReadLine())
	for err == nil && len(line) == 0 {
		// RFC 9112 2.2: ignore empty lines before a request line.
		line, err = rt.Await(r.ReadLine())
	}
	if errors.Is(err, rt.ErrTooLong) {
		return nil, &badRequest{http.StatusRequestHeaderFieldsTooLarge, "request line too long"}
	}
	if err != nil {
		return nil, err
	}
	r.SetDeadline(time.Now().Add(cfg.headerTimeout))
	req, version, bad := parseRequestLine(line)
	if bad != nil {
		return nil, bad
	}
	size := len(line)
	length := -1
	conn := ""
	for {
		h, err := rt.Await(r.ReadLine())
		if errors.Is(err, rt.ErrTooLong) {
			return nil, &badRequest{http.StatusRequestHeaderFieldsTooLarge, "header line too long"}
		}
		if err != nil {
			return nil, err
		}
		if len(h) == 0 {
			break
		}
		size += len(h) + 2
		if size > cfg.maxHeader {
			return nil, &badRequest{http.StatusRequestHeaderFieldsTooLarge, "request head too large"}
		}
		name, value, ok := bytes.Cut(h, []byte(":"))
		if !ok || len(name) == 0 || bytes.ContainsAny(name, " \t") {
			return nil, &badRequest{http.StatusBadRequest, "malformed header line"}
		}
		value = bytes.TrimSpace(value)
		switch {
		case headerIs(name, "content-length"):
			n, err := strconv.Atoi(string(value))
			if err != nil || n < 0 || (length >= 0 && n != length) {
				return nil, &badRequest{http.StatusBadRequest, "bad Content-Length"}
			}
			length = n
		case headerIs(name, "transfer-encoding"):
			return nil, &badRequest{http.StatusNotImplemented, "Transfer-Encoding is not supported: send Content-Length"}
		case headerIs(name, "connection"):
			conn = strings.ToLower(string(value))
		}
	}
	switch {
	case version == "HTTP/1.0":
		req.close = !strings.Contains(conn, "keep-alive")
	default:
		req.close = strings.Contains(conn, "close")
	}
	if length > cfg.maxBody {
		return nil, &badRequest{http.StatusRequestEntityTooLarge, "body too large"}
	}
	if length > 0 {
		r.SetDeadline(time.Now().Add(cfg.bodyTimeout))
		body, err := rt.Await(r.ReadFull(length))
		if err != nil {
			return nil, err
		}
		req.body = bytes.Clone(body)
	}
	return req, nil
}

// headerIs reports whether a header's name is name, in any case.
func headerIs(h []byte, name string) bool {
	return len(h) == len(name) && strings.EqualFold(string(h), name)
}

// parseRequestLine parses "METHOD target HTTP/1.x".
func parseRequestLine(line []byte) (*request, string, *badRequest) {
	bad := &badRequest{http.StatusBadRequest, "malformed request line"}
	method, rest, ok1 := bytes.Cut(line, []byte(" "))
	target, version, ok2 := bytes.Cut(rest, []byte(" "))
	if !ok1 || !ok2 || len(method) == 0 || len(target) == 0 || target[0] != '/' {
		return nil, "", bad
	}
	for _, c := range method {
		if c < 'A' || c > 'Z' {
			return nil, "", bad
		}
	}
	if bytes.ContainsAny(target, " \t") {
		return nil, "", bad
	}
	v := string(version)
	if v != "HTTP/1.1" && v != "HTTP/1.0" {
		if strings.HasPrefix(v, "HTTP/") {
			return nil, "", &badRequest{http.StatusHTTPVersionNotSupported, "HTTP version not supported"}
		}
		return nil, "", bad
	}
	path, query, _ := strings.Cut(string(target), "?")
	return &request{method: string(method), path: path, query: query}, v, nil
}

// queryValue returns the value of key in a query string, or "".
func queryValue(query, key string) string {
	for part := range strings.SplitSeq(query, "&") {
		if k, v, _ := strings.Cut(part, "="); k == key {
			return v
		}
	}
	return ""
}

var hello = []byte("hello, world\n")

// maxSleep bounds /sleep.
const maxSleep = 10 * time.Second

// route answers a request: the status, content type and body. /sleep's
// wait is handle's (it awaits).
func route(req *request) (int, string, []byte) {
	const text = "text/plain; charset=utf-8"
	switch req.path {
	case "/":
		if req.method != "GET" && req.method != "HEAD" {
			return http.StatusMethodNotAllowed, text, []byte("GET only\n")
		}
		return http.StatusOK, text, hello
	case "/echo":
		if req.method != "POST" {
			return http.StatusMethodNotAllowed, text, []byte("POST only\n")
		}
		return http.StatusOK, "application/octet-stream", req.body
	case "/sleep":
		if req.method != "GET" {
			return http.StatusMethodNotAllowed, text, []byte("GET only\n")
		}
		ms, err := strconv.Atoi(queryValue(req.query, "ms"))
		if err != nil || ms < 0 || time.Duration(ms)*time.Millisecond > maxSleep {
			return http.StatusBadRequest, text, []byte("want ?ms=N, 0 <= N <= 10000\n")
		}
		return http.StatusOK, text, []byte("slept " + strconv.Itoa(ms) + " ms\n")
	}
	return http.StatusNotFound, text, []byte("not found\n")
}

// appendResponse appends a response to out.
func appendResponse(out []byte, status int, ctype string, body []byte, close bool) []byte {
	out = append(out, "HTTP/1.1 "...)
	out = strconv.AppendInt(out, int64(status), 10)
	out = append(out, ' ')
	out = append(out, http.StatusText(status)...)
	out = append(out, "\r\nContent-Type: "...)
	out = append(out, ctype...)
	out = append(out, "\r\nContent-Length: "...)
	out = strconv.AppendInt(out, int64(len(body)), 10)
	if close {
		out = append(out, "\r\nConnection: close"...)
	}
	out = append(out, "\r\n\r\n"...)
	return append(out, body...)
}

// serveUntilSignal serves on ln until SIGINT or SIGTERM, then stops
// accepting and waits for the connections in progress (each ends at the
// latest after the idle timeout).
//
// async
func serveUntilSignal(ln *rt.Listener, cfg *config) error {
	var g rt.Group
	g.Go(serveAsync(ln, cfg))
	g.Go(stopOnSignalAsync(ln))
	_, err := rt.Await(g.Wait())
	return err
}

// stopOnSignal closes ln at SIGINT or SIGTERM.
//
// async
func stopOnSignal(ln *rt.Listener) error {
	sig, err := rt.Await(rt.Signal(os.Interrupt, syscall.SIGTERM))
	if err != nil {
		return err
	}
	log.Printf("%v: closing", sig)
	return ln.Close()
}

// server is a server running on a loop of its own goroutine: what the
// demo and the tests use.
type server struct {
	ln     *rt.Listener
	done   chan error
	scheme string // http or https
}

// start serves on a port of 127.0.0.1 on a new goroutine; generated
// false runs the functions untransformed (blocking mode: a goroutine per
// connection).
func start(cfg *config, generated bool) (*server, error) {
	ln, err := rt.Await(rt.Listen("tcp", "127.0.0.1:0"))
	if err != nil {
		return nil, err
	}
	s := &server{ln: ln, done: make(chan error, 1), scheme: scheme(cfg)}
	go func() {
		if generated {
			_, err := rt.Run(serveAsync(ln, cfg))
			s.done <- err
			return
		}
		s.done <- serve(ln, cfg)
	}()
	return s, nil
}

// startSpread serves on a port of 127.0.0.1 with n loops.
func startSpread(cfg *config, n int) (*server, error) {
	ln, err := rt.Await(rt.Listen("tcp", "127.0.0.1:0"))
	if err != nil {
		return nil, err
	}
	s := &server{ln: ln, done: make(chan error, 1), scheme: scheme(cfg)}
	go func() { s.done <- serveSpread(ln, cfg, n) }()
	return s, nil
}

// tlsConfig loads the certificate and key of -cert and -key (PEM files).
func tlsConfig(certFile, keyFile string) (*tls.Config, error) {
	pair, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, err
	}
	return &tls.Config{Certificates: []tls.Certificate{pair}}, nil
}

// scheme is the URL scheme cfg serves.
func scheme(cfg *config) string {
	if cfg.tls != nil {
		return "https"
	}
	return "http"
}

// url is the server's URL for path.
func (s *server) url(path string) string { return s.scheme + "://" + s.ln.Addr().String() + path }

// stop closes the listener and waits for the connections to finish.
func (s *server) stop() error {
	s.ln.Close()
	return <-s.done
}

// demo starts a server, makes a few requests and prints the answers.
func demo(w io.Writer) error {
	cfg := defaults
	cfg.idle = time.Second
	s, err := start(&cfg, true)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "serving on %v\n", s.ln.Addr())
	client := &http.Client{Transport: &http.Transport{}}
	show := func(method, path, body string) error {
		req, err := http.NewRequest(method, s.url(path), strings.NewReader(body))
		if err != nil {
			return err
		}
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s %s -> %s %q\n", method, path, resp.Status, b)
		return nil
	}
	for _, r := range [][3]string{
		{"GET", "/", ""},
		{"POST", "/echo", "ping"},
		{"GET", "/sleep?ms=20", ""},
		{"GET", "/nowhere", ""},
	} {
		if err := show(r[0], r[1], r[2]); err != nil {
			return err
		}
	}
	client.CloseIdleConnections()
	return s.stop()
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("httpd: ")
	addr := flag.String("addr", "127.0.0.1:0", "`address` to serve on (port 0: any free port)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile to `file` until the server stops")
	cert := flag.String("cert", "", "serve HTTPS with the certificate in `file` (PEM; with -key)")
	key := flag.String("key", "", "the private key of -cert, in `file` (PEM)")
	loops := flag.Int("loops", 1, "event loops, each on a thread of its own (0: one per CPU)")
	demoMode := flag.Bool("demo", false, "serve on a free port, make a few requests, print the answers and exit")
	cfg := defaults
	flag.DurationVar(&cfg.idle, "idle", cfg.idle, "close a connection idle this long between requests")
	flag.DurationVar(&cfg.headerTimeout, "header-timeout", cfg.headerTimeout, "close a connection that takes this long to send a request's head")
	flag.DurationVar(&cfg.bodyTimeout, "body-timeout", cfg.bodyTimeout, "close a connection that takes this long to send a request's body")
	flag.IntVar(&cfg.maxHeader, "max-header", cfg.maxHeader, "largest request head in `bytes` (431 beyond)")
	flag.IntVar(&cfg.maxBody, "max-body", cfg.maxBody, "largest request body in `bytes` (413 beyond)")
	flag.Parse()
	if *demoMode {
		if err := demo(os.Stdout); err != nil {
			log.Fatal(err)
		}
		return
	}
	if *cert != "" || *key != "" {
		var err error
		if cfg.tls, err = tlsConfig(*cert, *key); err != nil {
			log.Fatal(err)
		}
	}
	ln, err := rt.Await(rt.Listen("tcp", *addr))
	if err != nil {
		log.Fatal(err)
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Printf("serving on %s://%v\n", scheme(&cfg), ln.Addr())
	if *loops == 1 {
		_, err = rt.Run(serveUntilSignalAsync(ln, &cfg))
	} else {
		go rt.Run(stopOnSignalAsync(ln))
		err = serveSpread(ln, &cfg, *loops)
	}
	pprof.StopCPUProfile()
	if err != nil {
		log.Fatal(err)
	}
}

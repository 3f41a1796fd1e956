// Command nethttpd is http.sh's baseline: a net/http server with
// examples/httpd's route "/", which answers "hello, world".
//
//	nethttpd [-addr 127.0.0.1:0]
//
// It prints the address it serves on, as examples/httpd does.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("nethttpd: ")
	addr := flag.String("addr", "127.0.0.1:0", "`address` to serve on")
	flag.Parse()
	hello := []byte("hello, world\n")
	http.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write(hello)
	})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("serving on http://%v\n", ln.Addr())
	log.Fatal(http.Serve(ln, nil))
}

// Command logtail streams the lines of a simulated log, which arrive one
// at a time with a delay, through a chain of async generators: Lines
// reads the source, Matching keeps the lines at a level, and main's loop
// prints the first few. Each generator is an ordinary Go iterator whose
// body awaits; asyncgen turns it into a producer task (main_async.go) and
// each range loop over it into an await per line. Nothing runs ahead: the
// source is read only as far as the last loop asks, and when that loop
// stops, every stage stops and closes, in order, before it goes on.
package main

import (
	"fmt"
	"iter"
	"log"
	"strings"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

//go:generate go tool asyncgen

// A source is a simulated log that delivers a line per tick.
type source struct {
	lines []string
	tick  time.Duration
	read  int // lines delivered so far
}

// readLine waits for the next line of s; ok is false at its end.
//
// async
func (s *source) readLine() (line string, ok bool, err error) {
	if s.read == len(s.lines) {
		return "", false, nil
	}
	if _, err := rt.Await(rt.Sleep(s.tick)); err != nil {
		return "", false, err
	}
	s.read++
	return s.lines[s.read-1], true, nil
}

// Lines yields the lines of src as they arrive.
//
// async
func Lines(src *source) iter.Seq[string] {
	return func(yield func(string) bool) {
		defer func() { fmt.Printf("  lines: closed after %d of %d lines\n", src.read, len(src.lines)) }()
		for {
			line, ok, err := src.readLine()
			if err != nil || !ok || !yield(line) {
				return
			}
		}
	}
}

// Matching yields the number and text of each line of src at level.
//
// async
func Matching(src *source, level string) iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		defer fmt.Println("  matching: closed")
		n := 0
		for line := range Lines(src) {
			n++
			if rest, found := strings.CutPrefix(line, level+" "); found {
				if !yield(n, rest) {
					return
				}
			}
		}
	}
}

// tail prints the first max lines of src at level, and returns how many
// lines of the source it took to find them.
//
// async
func tail(src *source, level string, max int) int {
	found := 0
	for n, text := range Matching(src, level) {
		fmt.Printf("line %d: %s\n", n, text)
		if found++; found == max {
			break
		}
	}
	return src.read
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("logtail: ")
	read, err := rt.Run(tailAsync(newSource(), "ERROR", 2))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("(read %d of %d lines: the rest were never asked for)\n", read, len(newSource().lines))
}

// newSource returns the simulated log.
func newSource() *source {
	return &source{tick: 5 * time.Millisecond, lines: []string{
		"INFO starting",
		"WARN disk 80% full",
		"INFO request /",
		"ERROR disk full",
		"INFO request /docs",
		"ERROR cannot write /var/log/app",
		"ERROR retrying",
		"INFO shutting down",
	}}
}

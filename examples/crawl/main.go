// Command crawl walks a small simulated web site, one task per page, the
// way a real crawler would walk a real one: every fetch has a deadline, the
// pages a page links to are visited concurrently in one task group, and a
// page that does not answer in time is reported without stopping the rest.
// It shows async methods, rt.Group, rt.Timeout, defer and a range loop that
// awaits, all in ordinary Go that asyncgen turns into state machines in
// main_async.go.
package main

import (
	"errors"
	"fmt"
	"log"
	"slices"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

//go:generate go tool asyncgen

// A page of the simulated site: how long it takes to answer, and its links.
type page struct {
	latency time.Duration
	links   []string
}

var site = map[string]page{
	"/":          {20 * time.Millisecond, []string{"/docs", "/blog"}},
	"/docs":      {30 * time.Millisecond, []string{"/docs/api", "/"}},
	"/blog":      {10 * time.Millisecond, []string{"/blog/2026", "/docs", "/archive"}},
	"/docs/api":  {15 * time.Millisecond, nil},
	"/blog/2026": {25 * time.Millisecond, []string{"/missing"}},
	"/archive":   {time.Hour, nil}, // never answers in time
}

// deadline is how long a fetch may take.
const deadline = 100 * time.Millisecond

// fetch pretends to download url: it waits for the page's latency.
//
// async
func fetch(url string) (page, error) {
	p, ok := site[url]
	if !ok {
		return page{}, errors.New("not found")
	}
	if _, err := rt.Await(rt.Sleep(p.latency)); err != nil {
		return page{}, err
	}
	return p, nil
}

// A crawler remembers the pages it has seen and what became of them. Its
// tasks all run on one loop, so they share it without locks.
type crawler struct {
	group   rt.Group
	seen    map[string]bool
	results []string
	active  int
}

// visit fetches url and starts a visit of each page it links to that the
// crawler has not seen yet.
//
// async
func (c *crawler) visit(url string) error {
	c.active++
	defer func() { c.active-- }()
	p, err := rt.Await(rt.Timeout(fetchAsync(url), deadline))
	if err != nil {
		c.results = append(c.results, fmt.Sprintf("%-11s %v", url, err))
		return nil // a bad page is reported, not fatal
	}
	c.results = append(c.results, fmt.Sprintf("%-11s links to %d", url, len(p.links)))
	for _, link := range p.links {
		if !c.seen[link] {
			c.seen[link] = true
			c.group.Go(c.visitAsync(link))
		}
	}
	return nil
}

// crawl visits the site from its root and waits for every visit.
//
// async
func (c *crawler) crawl() error {
	c.seen = map[string]bool{"/": true}
	c.group.Go(c.visitAsync("/"))
	_, err := rt.Await(c.group.Wait())
	return err
}

// report prints the results in order, a line per tick: a range loop whose
// body awaits.
//
// async
func report(lines []string) {
	for i, line := range lines {
		rt.Yield() // let other tasks run between lines
		fmt.Printf("%2d %s\n", i+1, line)
	}
}

// main is ordinary Go: it runs the crawl on a fresh loop.
func main() {
	log.SetFlags(0)
	log.SetPrefix("crawl: ")
	start := time.Now()
	c := new(crawler)
	if _, err := rt.Run(c.crawlAsync()); err != nil {
		log.Fatal(err)
	}
	slices.Sort(c.results)
	if _, err := rt.Run(reportAsync(c.results)); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("(%d pages, %d still active, in %.1fs: the slow one cut off at %v)\n",
		len(c.results), c.active, time.Since(start).Seconds(), deadline)
}

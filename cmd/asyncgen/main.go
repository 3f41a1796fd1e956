// Asyncgen rewrites the functions marked //async into state machines that
// run as tasks on the asyncgen runtime.
//
// Usage:
//
//	asyncgen [flags] [packages]
//
// For each Go file x.go with functions marked by a last doc comment line
// //async, asyncgen writes x_async.go (x_async_test.go for x_test.go)
// beside it, with a frame type, a Resume method and a constructor FAsync
// for each such function F. Packages are named as the go command names
// them; the default is the package in the current directory, so that
//
//	//go:generate go run github.com/asyncgen/asyncgen/cmd/asyncgen
//
// works. A generated file whose source has no async function any more is
// removed; a file that asyncgen did not generate is never overwritten.
//
// The flags are:
//
//	-check
//		write nothing; list each generated file that is missing, stale or
//		left over, and exit 1 if there is any
//	-diff
//		with -check, print a unified diff for each such file
//	-tags list
//		comma-separated build tags to load the packages with
//	-v
//		list the files written, removed or checked
//
// Errors are printed as file:line:col: asyncgen: message. The exit status
// is 0 on success, 1 on errors or stale files, 2 on bad usage.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/asyncgen/asyncgen/transform"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("asyncgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	check := fs.Bool("check", false, "write nothing; report missing, stale and leftover generated files")
	diff := fs.Bool("diff", false, "with -check, print a unified diff of each such file")
	tags := fs.String("tags", "", "comma-separated build tags")
	verbose := fs.Bool("v", false, "list what was done")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: asyncgen [flags] [packages]\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *diff && !*check {
		fmt.Fprintln(stderr, "asyncgen: -diff needs -check")
		return 2
	}
	outs, err := transform.Generate(transform.Options{Patterns: fs.Args(), Tags: *tags})
	if err != nil {
		var ds transform.Diagnostics
		if errors.As(err, &ds) {
			for _, d := range ds {
				fmt.Fprintln(stderr, d.Error())
			}
		} else {
			fmt.Fprintf(stderr, "asyncgen: %v\n", err)
		}
		return 1
	}
	if *check {
		ps := transform.Check(outs)
		for _, p := range ps {
			fmt.Fprintf(stderr, "%s: %s\n", rel(p.Path), p.Kind)
			if *diff {
				// Name the file as the line above does, not by its
				// absolute path.
				stdout.Write(bytes.ReplaceAll(p.Diff, []byte(p.Path), []byte(rel(p.Path))))
			}
		}
		if *verbose && len(ps) == 0 {
			fmt.Fprintf(stderr, "asyncgen: %d generated files up to date\n", len(outs))
		}
		if len(ps) > 0 {
			return 1
		}
		return 0
	}
	written, err := transform.Write(outs)
	if *verbose {
		for _, w := range written {
			fmt.Fprintf(stderr, "asyncgen: wrote %s\n", rel(w))
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "asyncgen: %v\n", err)
		return 1
	}
	return 0
}

// rel shortens path relative to the working directory when it lies below.
func rel(path string) string {
	if wd, err := os.Getwd(); err == nil {
		if r, err := filepath.Rel(wd, path); err == nil && filepath.IsLocal(r) {
			return r
		}
	}
	return path
}

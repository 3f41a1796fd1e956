package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// runVet runs "go vet -vettool=<this command> args...": go vet loads the
// packages, runs this command on each (see isVetTool) with the facts of
// its dependencies, caches the results, and prints the findings.
func runVet(args []string, stdout, stderr io.Writer) int {
	self, err := selfPath()
	if err != nil {
		fmt.Fprintf(stderr, "asyncgen: vet: cannot find the asyncgen executable: %v\n", err)
		return 1
	}
	cmd := exec.Command("go", append([]string{"vet", "-vettool=" + self}, args...)...)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Run(); err != nil {
		if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
			return 1
		}
		fmt.Fprintf(stderr, "asyncgen: vet: %v\n", err)
		return 1
	}
	return 0
}

// selfPath returns the absolute path this command was run by: the name
// in os.Args[0], looked up in PATH when it has no slash. It is the path,
// not the file it may link to, so that a link named asyncgen runs as
// asyncgen.
func selfPath() (string, error) {
	p := os.Args[0]
	if !strings.ContainsRune(p, filepath.Separator) {
		lp, err := exec.LookPath(p)
		if err != nil {
			return os.Executable()
		}
		p = lp
	}
	return filepath.Abs(p)
}

// isVetTool reports whether args are how go vet runs a vet tool: -V=full
// to ask its version, -flags to ask its flags, or the name of a
// configuration file (*.cfg) for one package.
func isVetTool(args []string) bool {
	if len(args) == 0 {
		return false
	}
	last := args[len(args)-1]
	return last == "-V=full" || last == "-flags" || strings.HasSuffix(last, ".cfg") && !strings.HasPrefix(last, "-")
}

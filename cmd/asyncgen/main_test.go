package main

import (
	"bytes"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"asyncgen": main,
	})
}

// TestManualIsDoc checks that -h prints the package doc, the manual.
func TestManualIsDoc(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "main.go", nil, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if code := run([]string{"-h"}, &out, &out); code != 0 {
		t.Fatalf("asyncgen -h exited %d", code)
	}
	if got, want := out.String(), f.Doc.Text(); got != want {
		t.Errorf("asyncgen -h prints\n%s\nbut the package doc is\n%s", got, want)
	}
}

// TestExitCodes checks the exit status of usage errors, which testscript
// only sees as failures.
func TestExitCodes(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want int
	}{
		{[]string{"-h"}, 0},
		{[]string{"-version"}, 0},
		{[]string{"-nosuchflag"}, 2},
		{[]string{"-diff"}, 2},
	} {
		var out bytes.Buffer
		if got := run(tc.args, &out, &out); got != tc.want {
			t.Errorf("asyncgen %s exited %d, want %d; output:\n%s", strings.Join(tc.args, " "), got, tc.want, out.String())
		}
	}
}

// TestScripts runs testdata/script/*.txtar. Each script's work directory
// is a module that requires this repository through a replace directive
// (written by setup unless the script brings its own go.mod).
func TestScripts(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	goEnv := map[string]string{}
	for _, k := range []string{"GOCACHE", "GOMODCACHE", "GOPATH", "GOROOT"} {
		out, err := exec.Command("go", "env", k).Output()
		if err != nil {
			t.Fatal(err)
		}
		goEnv[k] = strings.TrimSpace(string(out))
	}
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Condition: func(cond string) (bool, error) {
			if cond != "cgo" {
				return false, fmt.Errorf("unknown condition %q", cond)
			}
			return cgoWorks(), nil
		},
		Setup: func(env *testscript.Env) error {
			for k, v := range goEnv {
				env.Setenv(k, v)
			}
			env.Setenv("GOFLAGS", "-mod=mod")
			env.Setenv("GOPROXY", "off")
			// Modules come only from the local cache, which the
			// repository's own build filled and checked against its
			// go.sum; a module of a script's own (no go.sum yet) must
			// not need the checksum database, which CI may not reach.
			env.Setenv("GOSUMDB", "off")
			env.Setenv("GOTOOLCHAIN", "local")
			env.Setenv("REPO", root)
			mod := filepath.Join(env.WorkDir, "go.mod")
			if _, err := os.Stat(mod); err != nil {
				gomod := "module example.com/m\n\ngo 1.26.0\n\nrequire github.com/asyncgen/asyncgen v0.0.0\n\nreplace github.com/asyncgen/asyncgen => " + root + "\n"
				if err := os.WriteFile(mod, []byte(gomod), 0o644); err != nil {
					return err
				}
			}
			return os.WriteFile(filepath.Join(env.WorkDir, "go.sum"), sum, 0o644)
		},
	})
}

// cgoWorks reports whether the go command builds cgo packages here: cgo is
// enabled and its C compiler is found.
func cgoWorks() bool {
	out, err := exec.Command("go", "env", "CGO_ENABLED", "CC").Output()
	if err != nil {
		return false
	}
	f := strings.Fields(string(out))
	if len(f) < 2 || f[0] != "1" {
		return false
	}
	_, err = exec.LookPath(f[1])
	return err == nil
}

package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestReadmeSetup checks that the setup-tool-module script, which proves
// that a new user's module works, does what the README tells a new user
// to do: the README's first Go program is the script's user/main.go, and
// each command of the README's setup from a checkout is run by the script
// (with $REPO for /path/to/asyncgen), in the README's order.
func TestReadmeSetup(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	ar, err := txtar.ParseFile("testdata/script/setup-tool-module.txtar")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```(\\w+)\n(.*?)```").FindAllSubmatch(readme, -1)
	var program string
	var commands []string
	for _, b := range blocks {
		lang, body := string(b[1]), string(b[2])
		switch {
		case lang == "go" && program == "":
			program = body
		case lang == "sh" && strings.Contains(body, "-replace=github.com/asyncgen/asyncgen="),
			lang == "sh" && strings.Contains(body, "go generate ./..."):
			commands = append(commands, shellCommands(body)...)
		}
	}
	if program == "" || len(commands) < 5 {
		t.Fatalf("README: found program %q and setup commands %q: has its layout changed?", program, commands)
	}
	var main string
	for _, f := range ar.Files {
		if f.Name == "user/main.go" {
			main = string(f.Data)
		}
	}
	if main != program {
		t.Errorf("setup-tool-module.txtar's user/main.go is not the README's first program:\n%s\nREADME:\n%s", main, program)
	}
	var execs []string
	for _, line := range strings.Split(string(ar.Comment), "\n") {
		if cmd, ok := strings.CutPrefix(line, "exec "); ok {
			execs = append(execs, strings.Join(strings.Fields(cmd), " "))
		}
	}
	i := 0
	for _, c := range commands {
		c = strings.ReplaceAll(c, "/path/to/asyncgen", "$REPO")
		for i < len(execs) && execs[i] != c {
			i++
		}
		if i == len(execs) {
			t.Errorf("setup-tool-module.txtar does not run the README's %q (in the README's order)", c)
			return
		}
	}
}

// shellCommands returns the commands of a shell block: comments dropped,
// continued lines joined, runs of blanks made one.
func shellCommands(block string) []string {
	var cmds []string
	var cur string
	for _, line := range strings.Split(block, "\n") {
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		cont := strings.HasSuffix(strings.TrimSpace(line), "\\")
		cur += " " + strings.TrimSuffix(strings.TrimSpace(line), "\\")
		if !cont {
			if c := strings.Join(strings.Fields(cur), " "); c != "" {
				cmds = append(cmds, c)
			}
			cur = ""
		}
	}
	return cmds
}

// TestReadmeFacts checks what the README states about the repository:
// the Go version it asks for is go.mod's, and every file it links to or
// names as a path of the repository exists.
func TestReadmeFacts(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	goLine := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindSubmatch(mod)
	if goLine == nil {
		t.Fatal("go.mod has no go line")
	}
	want := "Go " + string(goLine[1]) + " or later"
	if !strings.Contains(string(readme), want) {
		t.Errorf("README does not say %q, as go.mod's go line does", want)
	}
	if m := regexp.MustCompile(`Go 1\.\d+ or later`).FindAllString(string(readme), -1); len(m) != 1 {
		t.Errorf("README names Go versions %q: want exactly one, %q", m, want)
	}
	links := regexp.MustCompile(`\]\(([^)#:]+)\)`).FindAllSubmatch(readme, -1)
	paths := regexp.MustCompile("`((?:cmd|transform|rt|testdata|examples|bench|docs)/[\\w./-]*)`").FindAllSubmatch(readme, -1)
	if len(links) == 0 || len(paths) == 0 {
		t.Fatalf("README: found %d links and %d paths: has its layout changed?", len(links), len(paths))
	}
	for _, m := range append(links, paths...) {
		p := string(m[1])
		if _, err := os.Stat(filepath.Join("../..", p)); err != nil {
			t.Errorf("README names %s, which is not in the repository", p)
		}
	}
}

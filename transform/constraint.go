package transform

import (
	"go/ast"
	"path/filepath"
	"slices"
	"strings"
)

var (
	knownOS   = strings.Fields("aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 solaris wasip1 windows zos")
	knownArch = strings.Fields("386 amd64 amd64p32 arm armbe arm64 arm64be loong64 mips mipsle mips64 mips64le mips64p32 mips64p32le ppc ppc64 ppc64le riscv riscv64 s390 s390x sparc sparc64 wasm")
)

// fileConstraint returns the build constraint that a file name implies
// (x_linux.go, x_linux_amd64_test.go), which x_linux_async.go no longer
// carries in its name, or "".
func fileConstraint(name string) string {
	base := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(name), ".go"), "_test")
	parts := strings.Split(base, "_")
	has := func(list []string, s string) bool { return slices.Contains(list, s) }
	n := len(parts)
	if n >= 3 && has(knownOS, parts[n-2]) && has(knownArch, parts[n-1]) {
		return parts[n-2] + " && " + parts[n-1]
	}
	if n >= 2 && (has(knownOS, parts[n-1]) || has(knownArch, parts[n-1])) {
		return parts[n-1]
	}
	return ""
}

// buildLines returns the //go:build lines of the generated file of a source
// file: the source's own constraint and the one its name implies.
func buildLines(file *ast.File, name string) []string {
	lines := sourceBuildLines(file)
	if c := fileConstraint(name); c != "" {
		if len(lines) == 0 {
			return []string{"//go:build " + c}
		}
		return []string{"//go:build (" + strings.TrimPrefix(lines[0], "//go:build ") + ") && " + c}
	}
	return lines
}

func sourceBuildLines(file *ast.File) []string {
	var out []string
	for _, cg := range file.Comments {
		if cg.Pos() >= file.Package {
			break
		}
		for _, c := range cg.List {
			if strings.HasPrefix(c.Text, "//go:build ") {
				out = append(out, c.Text)
			}
		}
	}
	return out
}

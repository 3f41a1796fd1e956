package transform

import (
	"go/ast"
	"strings"
	"unicode"
	"unicode/utf8"
)

// resultFieldNames names the fields of a result struct: the named results,
// capitalized so that other packages can read them, or R0, R1, ... when
// the results are unnamed or the names clash.
func resultFieldNames(names []string) []string {
	out := make([]string, len(names))
	seen := map[string]bool{}
	ok := true
	for i, n := range names {
		if n == "" || n == "_" {
			ok = false
			break
		}
		out[i] = upperFirst(n)
		if seen[out[i]] {
			ok = false
			break
		}
		seen[out[i]] = true
	}
	if !ok {
		for i := range out {
			out[i] = "R" + itoa(i)
		}
	}
	return out
}

// resultName is the name of the result struct of a function or method:
// FResult, or RecvMResult for methods; exported iff the function is.
func resultName(recv, name string) string {
	base := name
	if recv != "" {
		base = upperFirst(recv) + upperFirst(name)
	}
	if ast.IsExported(name) {
		return upperFirst(base) + "Result"
	}
	return lowerFirst(base) + "Result"
}

// frameName is the preferred name of a frame type.
func frameName(recv, name string) string {
	if recv != "" {
		return lowerFirst(recv) + upperFirst(name) + "Frame"
	}
	return lowerFirst(name) + "Frame"
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

func itoa(i int) string {
	if i < 0 {
		return "-" + itoa(-i)
	}
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

// names allocates identifiers that collide with none taken so far, by
// appending _1, _2, ... as mockgen does.
type names struct {
	taken map[string]bool
}

func newNames() *names { return &names{taken: map[string]bool{}} }

func (n *names) reserve(s string) { n.taken[s] = true }

// generated returns base or baseN (N = 1, 2, ...), the first not taken,
// and takes it: a name the lowering makes, numbered so that the _N of
// fresh marks only the user's renamed variables.
func (n *names) generated(base string) string {
	s := base
	for i := 1; n.taken[s]; i++ {
		s = base + itoa(i)
	}
	n.taken[s] = true
	return s
}

// fresh returns base or base_N, the first not taken, and takes it.
func (n *names) fresh(base string) string {
	s := base
	for i := 1; n.taken[s]; i++ {
		s = base + "_" + itoa(i)
	}
	n.taken[s] = true
	return s
}

// generatedName returns the name of the generated file for a source file.
func generatedName(src string) string {
	if strings.HasSuffix(src, "_test.go") {
		return strings.TrimSuffix(src, "_test.go") + "_async_test.go"
	}
	return strings.TrimSuffix(src, ".go") + "_async.go"
}

// sourceName is the inverse of generatedName; ok is false for a name that
// no source file generates.
func sourceName(gen string) (string, bool) {
	switch {
	case strings.HasSuffix(gen, "_async_test.go"):
		return strings.TrimSuffix(gen, "_async_test.go") + "_test.go", true
	case strings.HasSuffix(gen, "_async.go"):
		return strings.TrimSuffix(gen, "_async.go") + ".go", true
	}
	return "", false
}

package transform

import (
	"go/types"
	"regexp"
	"sort"
)

// A qualifier writes references to other packages in generated text as
// placeholder identifiers (asyncgenQ3.Name) and remembers each package's
// path and the name the generated file imports it as, so that emit can
// replace the placeholders with jennifer's Qual.
//
// The qualifier, not jennifer, chooses the import names: lowering must know
// them, so that no name of the function's hides one (jennifer would name a
// second package called rand rand1, whatever the function declares). A
// package is imported under its own name unless another package of the
// file has it, or the package declares it (a type called rt, say): then
// under the name with _N appended.
type qualifier struct {
	self    string            // the import path of the generated file's package
	paths   []string          // placeholder number -> import path
	index   map[string]int    // import path -> placeholder number
	names   map[string]string // import path -> package name
	imports map[string]string // import path -> the name it is imported as
	pkg     *names            // the names declared at package level, the generated ones included
	used    map[string]bool   // import names taken
}

func newQualifier(self string) *qualifier {
	return &qualifier{self: self, index: map[string]int{}, names: map[string]string{}, imports: map[string]string{}, used: map[string]bool{}}
}

// avoid makes the import names avoid the names pkg has taken: those the
// package declares, and the generated ones.
func (q *qualifier) avoid(pkg *names) { q.pkg = pkg }

// placeholderRE matches a placeholder and the name it qualifies.
var placeholderRE = regexp.MustCompile(`\basyncgenQ([0-9]+)\s*\.\s*([\p{L}_][\p{L}\p{N}_]*)`)

// ident returns the placeholder identifier for the package path with the
// given name, or "" for the generated file's own package.
func (q *qualifier) ident(path, name string) string {
	if path == q.self {
		return ""
	}
	i, ok := q.index[path]
	if !ok {
		i = len(q.paths)
		q.paths = append(q.paths, path)
		q.index[path] = i
		q.names[path] = name
		as := name
		for n := 1; q.used[as] || q.pkg != nil && q.pkg.taken[as]; n++ {
			as = name + "_" + itoa(n)
		}
		q.used[as] = true
		q.imports[path] = as
	}
	return "asyncgenQ" + itoa(i)
}

// predeclaredPkg returns the placeholder identifier of package
// predeclared, where rt keeps what generated code uses in place of Go's
// predeclared identifiers that the user's package hides (Any, Panic, Len).
func (q *qualifier) predeclaredPkg() string { return q.ident(predeclaredPath, "predeclared") }

// importName returns the name the file imports path as, registering it.
func (q *qualifier) importName(path, name string) string {
	q.ident(path, name)
	return q.imports[path]
}

// typeQualifier adapts q for types.TypeString.
func (q *qualifier) typeQualifier(p *types.Package) string {
	return q.ident(p.Path(), p.Name())
}

// packageNames returns the names the file imports packages as, sorted.
func (q *qualifier) packageNames() []string {
	var ns []string
	for _, n := range q.imports {
		ns = append(ns, n)
	}
	sort.Strings(ns)
	return ns
}

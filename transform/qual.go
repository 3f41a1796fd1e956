package transform

import (
	"go/types"
	"regexp"
	"sort"
)

// A qualifier writes references to other packages in generated text as
// placeholder identifiers (asyncgenQ3.Name) and remembers each package's
// path and name, so that emit can replace the placeholders with jennifer's
// Qual and let jennifer choose the import names.
type qualifier struct {
	self  string            // the import path of the generated file's package
	paths []string          // placeholder number -> import path
	index map[string]int    // import path -> placeholder number
	names map[string]string // import path -> package name
}

func newQualifier(self string) *qualifier {
	return &qualifier{self: self, index: map[string]int{}, names: map[string]string{}}
}

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
	}
	return "asyncgenQ" + itoa(i)
}

// typeQualifier adapts q for types.TypeString.
func (q *qualifier) typeQualifier(p *types.Package) string {
	return q.ident(p.Path(), p.Name())
}

// packageNames returns the names of the packages referred to, sorted.
func (q *qualifier) packageNames() []string {
	var ns []string
	for _, n := range q.names {
		ns = append(ns, n)
	}
	sort.Strings(ns)
	return ns
}

package transform

import (
	"go/ast"
	"go/token"
	"strings"
)

// isMarker reports whether a comment line is the //async marker (or gofmt's
// "// async").
func isMarker(c *ast.Comment) bool {
	t := strings.TrimSpace(strings.TrimPrefix(c.Text, "//"))
	return strings.HasPrefix(c.Text, "//") && t == "async"
}

// marked reports whether doc ends with the marker line.
func marked(doc *ast.CommentGroup) bool {
	return doc != nil && len(doc.List) > 0 && isMarker(doc.List[len(doc.List)-1])
}

// findAsync returns the functions of file marked //async, in source order,
// and diagnostics for markers on anything else and for marked functions
// without a body.
func findAsync(fset *token.FileSet, file *ast.File) ([]*ast.FuncDecl, Diagnostics) {
	var fns []*ast.FuncDecl
	var diags Diagnostics
	for _, decl := range file.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if !marked(d.Doc) {
				continue
			}
			if d.Body == nil {
				diags = append(diags, diagf(fset, d.Name.Pos(), "//async function %s has no body: an async function needs one to be rewritten", d.Name.Name))
				continue
			}
			if d.Name.Name == "_" {
				diags = append(diags, diagf(fset, d.Name.Pos(), "//async function _ can never be called: name it or remove the marker"))
				continue
			}
			fns = append(fns, d)
		case *ast.GenDecl:
			if marked(d.Doc) {
				diags = append(diags, diagf(fset, d.Pos(), "//async marks a %s declaration: only functions and methods can be async", d.Tok))
				continue
			}
			for _, spec := range d.Specs {
				var doc *ast.CommentGroup
				switch s := spec.(type) {
				case *ast.TypeSpec:
					doc = s.Doc
				case *ast.ValueSpec:
					doc = s.Doc
				}
				if marked(doc) {
					diags = append(diags, diagf(fset, spec.Pos(), "//async marks a %s declaration: only functions and methods can be async", d.Tok))
				}
			}
		}
	}
	return fns, diags
}

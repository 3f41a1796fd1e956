package transform

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"
	"unicode"
	"unicode/utf8"
)

// isMarker reports whether a comment is the //async marker: exactly
// "//async" or "// async", trailing blanks aside.
func isMarker(c *ast.Comment) bool {
	t := strings.TrimRight(c.Text, " \t")
	return t == "//async" || t == "// async"
}

// looksLikeMarker reports whether a comment that is not the marker is an
// attempt at it, to be reported rather than ignored: "async" in any case
// alone in the comment ("//Async", "//  async", "/* async */"), glued to
// the // ("//async: x", "//async // x"), or followed by another //
// comment ("// async // x"). Prose is not: a line "// async tasks are
// ..." or "// Async runs f" starts with the word but is none of these.
func looksLikeMarker(c *ast.Comment) bool {
	if isMarker(c) {
		return false
	}
	if body, ok := strings.CutPrefix(c.Text, "/*"); ok {
		return strings.EqualFold(strings.TrimSpace(strings.TrimSuffix(body, "*/")), "async")
	}
	t := strings.TrimPrefix(c.Text, "//")
	if t != "" && t[0] != ' ' && t[0] != '\t' {
		// Glued to the //, as directives are: the word async ends at the
		// first character that cannot continue an identifier.
		if len(t) < len("async") || !strings.EqualFold(t[:len("async")], "async") {
			return false
		}
		r, _ := utf8.DecodeRuneInString(t[len("async"):])
		return r == utf8.RuneError || !(r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r))
	}
	f := strings.Fields(t)
	if len(f) == 0 || !strings.EqualFold(f[0], "async") {
		return false
	}
	return len(f) == 1 || strings.HasPrefix(f[1], "//")
}

// isAsync reports whether fd is an async function, one that asyncgen
// rewrites: the last line of its doc comment is the marker, it has a body
// and a name that can be called. It is the one test of whether a
// declaration is async, for finding, stubs and lowering alike; findAsync
// reports the marked declarations that fail it, and the markers anywhere
// else.
func isAsync(fd *ast.FuncDecl) bool {
	return marked(fd.Doc) && fd.Body != nil && fd.Name.Name != "_"
}

// IsAsync reports whether fd is an async function, one that asyncgen
// rewrites: the last line of its doc comment is the //async marker, and it
// has a body and a name other than _. It is the predicate the generator
// itself uses, for tools (such as package vet) that must agree with it.
func IsAsync(fd *ast.FuncDecl) bool { return isAsync(fd) }

// marked reports whether doc ends with the marker line, directives aside.
func marked(doc *ast.CommentGroup) bool {
	if doc == nil {
		return false
	}
	i := lastLine(doc)
	return i >= 0 && isMarker(doc.List[i])
}

// lastLine returns the index of the last comment of g that is neither a
// directive nor an empty //, or -1. gofmt moves the directives of a doc
// comment (//go:noinline, say) to its end, below the marker, after an
// empty line.
func lastLine(g *ast.CommentGroup) int {
	for i := len(g.List) - 1; i >= 0; i-- {
		if t := strings.TrimRight(g.List[i].Text, " \t"); t != "//" && !isDirective(t) {
			return i
		}
	}
	return -1
}

// isDirective reports whether a comment is a directive as gofmt takes
// them: //line, //extern and //export, and //tool:name with the tool and
// the name starting in lower-case letters or digits (//go:noinline,
// //go:build).
func isDirective(c string) bool {
	t, ok := strings.CutPrefix(c, "//")
	if !ok {
		return false
	}
	for _, p := range []string{"line ", "extern ", "export "} {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	tool, rest, ok := strings.Cut(t, ":")
	if !ok || tool == "" || rest == "" {
		return false
	}
	lowerOrDigit := func(b byte) bool { return 'a' <= b && b <= 'z' || '0' <= b && b <= '9' }
	for i := 0; i < len(tool); i++ {
		if !lowerOrDigit(tool[i]) {
			return false
		}
	}
	return lowerOrDigit(rest[0])
}

// A docOf says which declaration a doc comment belongs to.
type docOf struct {
	fn   *ast.FuncDecl // a function or method, or nil
	kind string        // otherwise: "var", "const", "type" or "import"
	pos  token.Pos     // the declaration
}

// findAsync returns the functions of file marked //async, in source order,
// and diagnostics for markers anywhere but on the last line of a
// function's doc comment, for malformed markers, and for marked functions
// without a body.
func findAsync(fset *token.FileSet, file *ast.File) ([]*ast.FuncDecl, Diagnostics) {
	var fns []*ast.FuncDecl
	var diags Diagnostics
	docs := map[*ast.CommentGroup]docOf{}
	for _, decl := range file.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if d.Doc != nil {
				docs[d.Doc] = docOf{fn: d, pos: d.Pos()}
			}
			switch {
			case isAsync(d):
				fns = append(fns, d)
			case !marked(d.Doc):
			case d.Body == nil:
				diags = append(diags, diagf(fset, d.Name.Pos(), "//async function %s has no body: an async function needs one to be rewritten", d.Name.Name))
			default:
				diags = append(diags, diagf(fset, d.Name.Pos(), "//async function _ can never be called: name it or remove the marker"))
			}
		case *ast.GenDecl:
			if d.Doc != nil {
				docs[d.Doc] = docOf{kind: d.Tok.String(), pos: d.Pos()}
			}
			for _, spec := range d.Specs {
				switch s := spec.(type) {
				case *ast.TypeSpec:
					if s.Doc != nil {
						docs[s.Doc] = docOf{kind: d.Tok.String(), pos: s.Pos()}
					}
				case *ast.ValueSpec:
					if s.Doc != nil {
						docs[s.Doc] = docOf{kind: d.Tok.String(), pos: s.Pos()}
					}
				}
			}
		}
	}
	for _, g := range file.Comments {
		end := lastLine(g)
		for i, c := range g.List {
			last := i == end
			if !isMarker(c) {
				if looksLikeMarker(c) {
					diags = append(diags, diagf(fset, c.Pos(), "malformed //async marker %q: write exactly //async as the last line of the doc comment", c.Text))
				}
				continue
			}
			d, isDoc := docs[g]
			switch {
			case isDoc && d.fn != nil && last:
				// the marker
			case isDoc && d.fn != nil:
				diags = append(diags, diagf(fset, c.Pos(), "//async must be the last line of the doc comment of %s: move it down, just above the func line", describeFunc(d.fn)))
			case isDoc && last:
				diags = append(diags, diagf(fset, d.pos, "//async marks a %s declaration: only functions and methods can be async", d.kind))
			case isDoc:
				diags = append(diags, diagf(fset, c.Pos(), "//async in the doc comment of a %s declaration: only functions and methods can be async", d.kind))
			default:
				if fd := funcAfter(file, g); fd != nil {
					diags = append(diags, diagf(fset, c.Pos(), "//async is separated from %s by a blank line: remove the blank line so that //async ends the doc comment of %s", describeFunc(fd), fd.Name.Name))
					continue
				}
				diags = append(diags, diagf(fset, c.Pos(), "//async is not in the doc comment of a function: only a function or method declaration can be marked, on the last line of its doc comment"))
			}
		}
	}
	return fns, diags
}

// funcAfter returns the function declaration that follows the top-level
// comment group g after blank lines only, if it has no doc comment of its
// own.
func funcAfter(file *ast.File, g *ast.CommentGroup) *ast.FuncDecl {
	for _, decl := range file.Decls {
		if decl.End() <= g.Pos() {
			continue
		}
		if decl.Pos() < g.End() {
			return nil // g is inside decl
		}
		fd, ok := decl.(*ast.FuncDecl)
		if !ok || fd.Doc != nil {
			return nil
		}
		// Nothing but blank lines between: no other comment.
		for _, other := range file.Comments {
			if other.Pos() > g.End() && other.End() < fd.Pos() {
				return nil
			}
		}
		return fd
	}
	return nil
}

// describeFunc names a function declaration as "func F" or "method R.M".
func describeFunc(fd *ast.FuncDecl) string {
	if fd.Recv != nil && len(fd.Recv.List) == 1 {
		recv, _ := recvTypeName(fd.Recv.List[0].Type)
		return fmt.Sprintf("method %s.%s", recv, fd.Name.Name)
	}
	return "func " + fd.Name.Name
}

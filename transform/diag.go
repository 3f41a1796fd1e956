package transform

import (
	"fmt"
	"go/token"
	"path/filepath"
	"sort"
)

// A Diagnostic is an error in the input: a position and a message. It prints
// as "file:line:col: asyncgen: message".
type Diagnostic struct {
	Pos token.Position
	Msg string
}

// Error formats the diagnostic as file:line:col: asyncgen: message.
func (d Diagnostic) Error() string {
	if d.Pos.Filename == "" {
		return "asyncgen: " + d.Msg
	}
	return fmt.Sprintf("%s: asyncgen: %s", posString(d.Pos), d.Msg)
}

// posString prints a position as file:line:col, the file relative to the
// working directory when it lies below it.
func posString(p token.Position) string {
	name := p.Filename
	if wd, err := filepath.Abs("."); err == nil {
		if rel, err := filepath.Rel(wd, name); err == nil && filepath.IsLocal(rel) {
			name = rel
		}
	}
	switch {
	case name == "":
		return "-"
	case p.Line == 0:
		return name
	case p.Column == 0:
		return fmt.Sprintf("%s:%d", name, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", name, p.Line, p.Column)
}

// Diagnostics is a list of diagnostics; as an error it prints one a line.
type Diagnostics []Diagnostic

// Error formats the diagnostics one per line.
func (ds Diagnostics) Error() string {
	s := ""
	for i, d := range ds {
		if i > 0 {
			s += "\n"
		}
		s += d.Error()
	}
	return s
}

// sorted returns ds ordered by file, line and column, without duplicates.
func (ds Diagnostics) sorted() Diagnostics {
	out := append(Diagnostics(nil), ds...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Pos, out[j].Pos
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	uniq := out[:0]
	for i, d := range out {
		if i > 0 && d == out[i-1] {
			continue
		}
		uniq = append(uniq, d)
	}
	return uniq
}

// diagf builds a Diagnostic at pos.
func diagf(fset *token.FileSet, pos token.Pos, format string, args ...any) Diagnostic {
	return Diagnostic{Pos: fset.Position(pos), Msg: fmt.Sprintf(format, args...)}
}

package transform

import (
	"go/ast"
	"testing"
)

// TestMarkerSpelling checks which comment lines are the marker, which are
// attempts at it (errors), and which are prose.
func TestMarkerSpelling(t *testing.T) {
	for _, tc := range []struct {
		text           string
		marker, letter bool // isMarker, looksLikeMarker
	}{
		{"//async", true, false},
		{"// async", true, false},
		{"//async  ", true, false},
		{"//Async", false, true},
		{"// ASYNC", false, true},
		{"//  async", false, true},
		{"//\tasync", false, true},
		{"//async // runs on the loop", false, true},
		{"// async // runs on the loop", false, true},
		{"//async:", false, true},
		{"//async.", false, true},
		{"/* async */", false, true},
		{"/*ASYNC*/", false, true},
		{"//asyncgen:ignore", false, false},
		{"//asynchronous", false, false},
		{"// async tasks are cheap", false, false},
		{"// Async runs f.", false, false},
		{"// Fetch is async and returns", false, false},
		{"//", false, false},
		{"/* async work */", false, false},
	} {
		c := &ast.Comment{Text: tc.text}
		if got := isMarker(c); got != tc.marker {
			t.Errorf("isMarker(%q) = %v, want %v", tc.text, got, tc.marker)
		}
		if got := looksLikeMarker(c); got != tc.letter {
			t.Errorf("looksLikeMarker(%q) = %v, want %v", tc.text, got, tc.letter)
		}
	}
}

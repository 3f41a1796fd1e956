package main

import (
	"fmt"
	"strings"
)

// describe is an ordinary function: this file has no async functions.
func describe(s *store) string {
	var parts []string
	for i, k := range s.keys {
		parts = append(parts, fmt.Sprintf("%s=%d", k, s.vals[i]))
	}
	return strings.Join(parts, ",")
}

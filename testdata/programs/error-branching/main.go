// Async functions returning errors, and callers branching on them:
// sentinel errors with errors.Is, typed errors with errors.As, wrapping
// through several async levels, early returns from loops, and nil
// interface errors.
package main

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/asyncgen/asyncgen/rt"
)

var errNotFound = errors.New("not found")

type parseError struct {
	input string
	pos   int
}

func (e *parseError) Error() string { return fmt.Sprintf("parse %q at %d", e.input, e.pos) }

var db = map[string]string{"a": "1", "b": "x2", "c": "30"}

//async
func lookup(key string) (string, error) {
	rt.Yield()
	v, ok := db[key]
	if !ok {
		return "", fmt.Errorf("lookup %s: %w", key, errNotFound)
	}
	return v, nil
}

//async
func number(key string) (int, error) {
	s, err := lookup(key)
	if err != nil {
		return 0, err
	}
	rt.Yield()
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, &parseError{input: s, pos: 0}
	}
	return n, nil
}

//async
func total(keys ...string) (sum int, err error) {
	for i := 0; i < len(keys); i++ {
		n, err := number(keys[i])
		if errors.Is(err, errNotFound) {
			rt.Yield()
			continue
		} else if err != nil {
			return sum, fmt.Errorf("total: %w", err)
		}
		sum += n
	}
	return sum, nil
}

//async
func check(key string) error {
	if _, err := number(key); err != nil {
		var pe *parseError
		switch {
		case errors.As(err, &pe):
			return fmt.Errorf("bad input %q", pe.input)
		case errors.Is(err, errNotFound):
			return nil
		default:
			return err
		}
	}
	return nil
}

//async
func Main() {
	fmt.Println(total("a", "c", "zz"))
	fmt.Println(total("a", "b", "c"))
	keys := []string{"a", "b", "c", "d"}
	for i := 0; i < len(keys); i++ {
		if err := check(keys[i]); err != nil {
			fmt.Println(keys[i], "error:", err)
		} else {
			fmt.Println(keys[i], "ok")
		}
	}
	_, err := number("q")
	fmt.Println(err, errors.Is(err, errNotFound), errors.Unwrap(err) == errNotFound)
}

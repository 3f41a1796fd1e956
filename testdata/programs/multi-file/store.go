package main

import "github.com/asyncgen/asyncgen/rt"

type store struct {
	keys []string
	vals []int
}

func newStore() *store { return &store{} }

//async
func (s *store) put(k string, v int) {
	rt.Yield()
	s.keys = append(s.keys, k)
	s.vals = append(s.vals, v)
}

//async
func (s *store) get(k string) int {
	for i := 0; i < len(s.keys); i++ {
		rt.Yield()
		if s.keys[i] == k {
			return s.vals[i]
		}
	}
	return -1
}

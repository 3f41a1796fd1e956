package bench

import (
	"io"

	"github.com/asyncgen/asyncgen/rt"
)

// produce puts 0..n-1 into q and closes it: one half of BenchmarkQueue.
//
// async
func produce(q *rt.Queue[int], n int) error {
	for i := range n {
		if _, err := rt.Await(q.Put(i)); err != nil {
			return err
		}
	}
	q.Close()
	return nil
}

// consume takes from q until it is closed and returns the sum: the other
// half of BenchmarkQueue.
//
// async
func consume(q *rt.Queue[int]) (int, error) {
	sum := 0
	for {
		v, err := rt.Await(q.Get())
		if err == io.EOF {
			return sum, nil
		}
		if err != nil {
			return sum, err
		}
		sum += v
	}
}

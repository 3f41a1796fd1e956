package rt

// runnable is an entry of the ready queue: a task to step or a callback.
type runnable interface {
	run(l *Loop)
}

// ring is the FIFO ready queue: a growable ring buffer, so that scheduling
// allocates nothing once it has reached its working size.
type ring struct {
	buf  []runnable // len(buf) is zero or a power of two
	head int        // index of the first entry
	n    int        // number of entries
}

func (r *ring) len() int { return r.n }

func (r *ring) push(x runnable) {
	if r.n == len(r.buf) {
		r.grow()
	}
	r.buf[(r.head+r.n)&(len(r.buf)-1)] = x
	r.n++
}

func (r *ring) pop() runnable {
	x := r.buf[r.head]
	r.buf[r.head] = nil
	r.head = (r.head + 1) & (len(r.buf) - 1)
	r.n--
	return x
}

// swapFront swaps the first entry with the one k places behind it.
func (r *ring) swapFront(k int) {
	if k <= 0 || k >= r.n {
		return
	}
	m := len(r.buf) - 1
	i, j := r.head, (r.head+k)&m
	r.buf[i], r.buf[j] = r.buf[j], r.buf[i]
}

func (r *ring) grow() {
	size := 2 * len(r.buf)
	if size == 0 {
		size = 64
	}
	buf := make([]runnable, size)
	for i := 0; i < r.n; i++ {
		buf[i] = r.buf[(r.head+i)&(len(r.buf)-1)]
	}
	r.buf, r.head = buf, 0
}

package rt

import (
	"context"
	"errors"
	"fmt"
)

// ErrCanceled is the error of a cancelled task or future, and what every
// await in a cancelled task returns. errors.Is(ErrCanceled, context.Canceled)
// holds, so code written for contexts recognises it.
var ErrCanceled error = canceledError{}

type canceledError struct{}

func (canceledError) Error() string        { return "rt: canceled" }
func (canceledError) Is(target error) bool { return target == context.Canceled }

// ErrTimeout is the error of an operation that Timeout cut short.
// errors.Is(ErrTimeout, context.DeadlineExceeded) holds.
var ErrTimeout error = timeoutError{}

type timeoutError struct{}

func (timeoutError) Error() string        { return "rt: timeout" }
func (timeoutError) Is(target error) bool { return target == context.DeadlineExceeded }
func (timeoutError) Timeout() bool        { return true }

// ErrClosed is returned when work is handed to a loop that is closed.
var ErrClosed = fmt.Errorf("rt: loop is closed")

// ErrGoexit is the error of a task that called runtime.Goexit (as
// testing's t.FailNow does). Goexit ends the goroutine that runs the loop,
// so RunUntil does not return; the task fails with ErrGoexit so that
// Task.Wait on other goroutines returns, and the loop writes a notice to
// its debug log (see WithDebugLog). A loop left this way can still be
// closed from another goroutine.
var ErrGoexit = errors.New("rt: task called runtime.Goexit, which ended the goroutine that runs the loop")

// A PanicError is the error of a task whose frame panicked: the loop and
// the other tasks keep running. RunUntil returns one for a callback that
// panicked (see Loop); its message then says so.
type PanicError struct {
	Value any    // the value passed to panic
	Stack []byte // the panicking goroutine's stack, as runtime/debug.Stack

	callback bool // a callback's panic, not a task's
}

// Error returns the panic value and the stack.
func (e *PanicError) Error() string {
	what := "task"
	if e.callback {
		what = "callback"
	}
	return fmt.Sprintf("rt: %s panicked: %v\n\n%s", what, e.Value, e.Stack)
}

// Unwrap returns the panic value if it is an error.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

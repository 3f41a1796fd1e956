package rt

import (
	"context"
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

// A PanicError is the error of a task whose frame panicked. The loop and
// the other tasks keep running.
type PanicError struct {
	Value any    // the value passed to panic
	Stack []byte // the panicking goroutine's stack, as runtime/debug.Stack
}

// Error returns the panic value and the stack.
func (e *PanicError) Error() string {
	return fmt.Sprintf("rt: task panicked: %v\n\n%s", e.Value, e.Stack)
}

// Unwrap returns the panic value if it is an error.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

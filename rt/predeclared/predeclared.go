// Package predeclared names Go's predeclared types from a
// package of their own, for code that asyncgen generates in a package
// that declares its own int or error (which would hide Go's in the
// generated file, which shares the package's scope): the generated code
// writes predeclared.Int for int there. Its names mean exactly what Go's
// do.
package predeclared

// The predeclared types, as aliases.
type (
	// Any is any.
	Any = any
	// Bool is bool.
	Bool = bool
	// Byte is byte.
	Byte = byte
	// Comparable is comparable.
	Comparable = comparable
	// Complex64 is complex64.
	Complex64 = complex64
	// Complex128 is complex128.
	Complex128 = complex128
	// Error is error.
	Error = error
	// Float32 is float32.
	Float32 = float32
	// Float64 is float64.
	Float64 = float64
	// Int is int.
	Int = int
	// Int8 is int8.
	Int8 = int8
	// Int16 is int16.
	Int16 = int16
	// Int32 is int32.
	Int32 = int32
	// Int64 is int64.
	Int64 = int64
	// Rune is rune.
	Rune = rune
	// String is string.
	String = string
	// Uint is uint.
	Uint = uint
	// Uint8 is uint8.
	Uint8 = uint8
	// Uint16 is uint16.
	Uint16 = uint16
	// Uint32 is uint32.
	Uint32 = uint32
	// Uint64 is uint64.
	Uint64 = uint64
	// Uintptr is uintptr.
	Uintptr = uintptr
)

// Len is len of a slice.
func Len[S ~[]E, E any](s S) int { return len(s) }

// LenString is len of a string.
func LenString[S ~string](s S) int { return len(s) }

// Panic is panic.
func Panic(v any) { panic(v) }

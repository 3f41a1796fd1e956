// Package transform is asyncgen's generator: it rewrites each function
// marked //async into a frame type, a Resume state machine and an FAsync
// constructor, on the frame protocol of package rt.
//
// # Pipeline
//
// load.go loads the packages with go/packages and full type information;
// before type-checking, each generated file is replaced (in an overlay) by a
// stub built from syntax alone that declares only the FAsync constructors
// and result structs, so a package type-checks the same whether its
// generated files are missing, stale or fresh. The packages it imports
// from the main module, or from a module replaced by a directory, get stubs
// too (when a file of theirs mentions async): go generate runs asyncgen
// one package at a time, in import path order, so a package is often
// generated before the packages it imports, and its calls of their async
// functions must still be seen as such; stub.go writes the stubs. find.go
// finds the //async marker. lower.go drives the lowering of a function
// into the model of model.go (fields, locals and a flat list of labelled
// statements): the lowerer (lowerer.go) appends items (items.go) as it
// walks the body, a file per construct as the gc compiler's walk does:
// stmt.go and assign.go, order.go (evaluation order: what is spilled into
// temporaries), suspend.go (suspension points), return.go (return, defer,
// recover), switch.go, select.go, range.go, with check.go (what is not
// supported) and types.go (type texts). Each item records what it reads
// and assigns; liveness.go is a pass over that record that decides the
// frame fields, and rewrite.go names the variables (naming.go holds the
// naming conventions) and rewrites their references. emit.go renders the
// model with jennifer and go/printer and formats it, constraint.go plans
// the build constraints of a generated file, and generate.go plans,
// checks and writes the files. Nothing is written unless every package
// is free of errors.
//
// # The marker
//
// A function or method is async when the last line of its doc comment is
// exactly //async or // async (trailing blanks aside), directives such as
// //go:noinline aside (gofmt moves them below it), and it has a body and a
// name: isAsync in find.go is the one test. Every other comment line that is an attempt at the
// marker is an error at that line: the marker on another line of a doc
// comment, in a doc comment of a type, variable or constant, or in a
// comment that is not a doc comment (separated from the func line by a
// blank line, inside a body, floating), and a misspelt marker. A line is
// an attempt when its first word is async in any case and it is all the
// line says ("//Async", "//  async", "/* async */"), or the word is glued
// to the // ("//async: x", "//async // x"), or another // comment follows
// it ("// async // x"). Other lines starting with the word are prose and
// are left alone ("// async tasks are cheap"). A block comment is never
// the marker: like the go: directives, the marker is a line comment.
//
// # Generated names and shapes
//
// For F (or method M of type R):
//
//   - the frame is fFrame (rMFrame), with _N appended if the package
//     already uses the name; it embeds rt.Frame[T] and holds the receiver,
//     the parameters, the variables that live across a suspension point
//     (and those captured by closures or whose address is taken), one
//     future field per result type awaited (fut1, fut2, ...) and one field
//     per callee of a direct call (call1, call2, ...);
//   - the constructor is FAsync (method MAsync on the same receiver type)
//     with F's parameters, returning *rt.Task[T]; a declaration of that
//     name by the user (a package-level FAsync, a field or method MAsync
//     of R) is an error at the declaration, and so is a package-level
//     name that the generated file imports a package under (rt);
//   - T is struct{} for () and (error), V for (V) and (V, error), and for
//     longer lists the struct FResult (RMResult for methods, and _N
//     appended if the package already uses the name), exported iff F is,
//     whose fields are the named results capitalized (R0, R1, ...
//     when unnamed or clashing). A trailing error stays the task's error.
//
// The generated file shares the package's scope: where the package hides
// a predeclared type (its own int or error), generated code names Go's
// through package rt/predeclared (predeclared.Int, an alias), and where it
// or the function hides nil, new, true, false, len or panic, generated
// code does without them (a zero value, rt.New, (0 == 0),
// predeclared.Len).
//
// Variables that do not live across a suspension point are declared at the
// top of Resume. Frame fields and locals are named from one pool, so that a
// name is one variable whether it reads f.x or x: a user's variable keeps
// its name, and a shadowed one, moved out of its block, gets a _N suffix;
// the lowering's temporaries are named by their role and numbered (v1,
// cond1, ranged1, fut1), and the variables of the blocks it generates (the
// r and err of a call with a result struct, deferred) have one name in
// every block. Resume starts with a jump table on f.Frame.PC() to the
// resume points resume1, resume2, ...
//
// A //line directive gives each statement the position of the source it
// comes from, but only where that position differs from the one its line
// already has: after a directive, lines count on from it.
//
// # Calls of async functions
//
// A call of an async function of the same package runs the callee's frame
// directly (rt.Call, or rt.BeginCall and rt.AfterCall around a static call
// of its Resume when the callee defers nothing), and allocates nothing:
// the callee's frame is a field of the caller's (one per callee type,
// call1, call2, ...), reset by each call; a recursive callee's (directly
// or through a cycle) comes from the rt.FramePool its file declares
// (gFramePool); a callee whose variables may outlive the call (captured
// by a closure, or whose address is taken), or that is recursive and
// generic, gets a new frame per call. A callee of another package is
// called through its FAsync constructor, whose task the caller awaits:
// frame types stay unexported. See calls.go.
//
// # Function literals that await
//
// A function literal in an async function is async when its body (outside
// the literals it holds) calls rt.Await, rt.Yield, rt.Spawn, an async
// function or another async literal, or defers one of these. lits.go
// finds them (findLits) and lowers each to a frame of its own
// (fLit1Frame, fLit2Frame, ...), as a function without a constructor,
// after the function it is in; in a generic function (or a method of a
// generic type) the frame has the function's type parameters, and each
// use instantiates it with the user's own (fLit1Frame[T]). An async
// literal may be
//
//   - called where it is written, func() { ... }(), or bound by := (or
//     var v = ...) to a variable that is only ever called or deferred:
//     each call is a direct call of the literal's frame, an implicit
//     await, and the binding itself is left out;
//   - deferred where it is written or through its variable, which pushes
//     an await of a new task of its frame (see Defer);
//   - passed to rt.Go, which becomes rt.NewTask(&fLit1Frame{...}): a task
//     that starts when it is awaited or spawned, as a task of FAsync does.
//
// Anywhere else (passed to a plain function, stored, returned, assigned,
// run by a go statement) it would run as blocking code: an error at the
// literal, or at the use of its variable. The frame, declared at package
// level, cannot name a constant that the function declares outside the
// literal: it writes the constant's value instead (constExpr), a literal
// of its kind (a rune literal for a rune, a point for a float, 0 == 0 for
// true) converted to its type if it is typed. A complex constant, or a
// float that no float64 states exactly, is reported.
//
// The literal's frame holds its parameters, its own variables and a
// pointer to each variable of the function that it captures (directly, or
// through a literal it calls), set with the parameters at each call or at
// rt.Go: &f.x for a variable of the enclosing frame, the box of a
// per-iteration variable, &x for a variable of a block left as written.
// The literal reads and writes *f.x: both sides share the one variable,
// and a literal made in an iteration keeps that iteration's, as a closure
// does in Go. A function with a literal that captures its variables gets
// a fresh frame per direct call (its variables may outlive the call).
//
// rt.Spawn(t) in an async function (or an async literal) becomes
// rt.SpawnBeside(&f.Frame, t), which spawns t on the loop of the frame's
// task.
//
// # Evaluation order
//
// An await inside an expression is lowered after the calls and receives
// that Go evaluates before it, which are spilled into temporaries in order;
// plain operands (variables, fields, index expressions) stay in place and
// are read after the await, as the gc compiler reads them after every call
// of the statement. The right operand of && and || runs only when Go would
// run it.
//
// # Range loops
//
// A range loop whose body awaits becomes a loop over hidden variables: the
// range expression is evaluated once, before the loop (an array is copied
// when its values are wanted; len of an array is not evaluated when it is a
// constant), then an index counts up to the length for slices, arrays,
// pointers to arrays and integers; a string is decoded a rune at a time
// with utf8.DecodeRuneInString; a map is walked with rt.MapIter (the
// runtime's own map iterator, so deletions and additions during the loop
// behave as with range); a channel is received from until it is closed.
// The iteration variables are declared afresh in each iteration, as Go
// 1.22 declares them, so a closure captures its own iteration's. A range
// over a function pulls the iterator's values one at a time through
// rt.FuncIter (iter.Pull's coroutine), and stops the iterator wherever the
// loop ends: after it, before a jump out of it (a goto whose label is
// outside it included), and before a return (after the results are
// evaluated). If the frame unwinds, rt stops it before the frame's
// deferred calls run (rt.DeferIter, registered when the loop is first
// entered), and a panic in the loop's body comes out of the iterator's
// pending yield, as in Go, so that the iterator's deferred calls see it
// first. Iteration variables assigned through operands that await
// ("for m[k()], a[i()] = range x") get this iteration's values through
// temporaries, then the operands are evaluated in order and assigned, as
// an assignment does; over a function they are assigned one after the
// other, as Go's yield function assigns them. A range over a value whose
// type is a type parameter
// follows the core type of its constraint. A range loop whose body does
// not await is left as written, after any await in its range expression.
//
// # Async generators
//
// An async generator is an async function or method whose body ends in
// the return of an iterator literal, "return func(yield func(K[, V])
// bool) { ... }", after statements (the prelude) that neither return nor
// defer (genLit: the shape is syntactic, so that the stubs, which see no
// types, and the lowering agree). In blocking mode it is a plain Go
// iterator. Its frame runs the prelude and then the literal's body, as a
// block, with the function's receiver, type parameters and parameters
// and no results (lowerGen, sigResults); the prelude thus runs at the
// consumer's first Next, which is where Go runs it, just before the
// range loop calls the iterator. Each
// yield(k, v) is an await of Gen.Yield, whose result YieldResult reads (a
// producer whose consumer unwound unwinds there); FAsync returns an
// *rt.Gen whose producer is a task of the frame, and the stubs declare
// it so, so that a consumer in another package knows the generator by
// its FAsync (genOf). yield may only be called, by the literal's own
// body.
//
// In async code, a range loop over a call of an async generator keeps the
// Gen in a field, awaits Gen.Next before each iteration (NextResult
// passes a producer's panic on up) and Gen.Stop where the loop ends
// (break, the end, and a return from inside it, which evaluates its
// results, then awaits each generator's Stop, innermost first: inside
// such a loop a return is a suspension point). A break, continue or goto
// out of the loop to an outer statement goes to an exit of its own after
// the loop (target.exits), which awaits Stop and then makes the jump
// again from there, so that leaving nested generators' loops stops the
// innermost first (leave, genExits). The loop registers its field with
// rt.DeferGen when first entered: if the frame unwinds (a panic,
// cancellation), rt closes the generator before any of the frame's
// deferred calls runs, resuming the producer at its yield with the
// panic and awaiting its end, as a panic in a loop's body unwinds a Go
// iterator first. Any other use of a generator's call in async code is an
// error that says what to write instead. See gen.go.
//
// In particular a generator's call stored first and ranged over later
// (g := Lines(src); for v := range g) is refused rather than lowered: in
// Go the call runs the prelude once, there, and each range over g calls
// the iterator anew, every run sharing the variables that the prelude
// declared and the literal captures; and g is a func value that may also
// be called, compared or passed on. The generator's single frame, which
// runs the prelude and then one iteration as one task, cannot be split
// that way without a frame for the prelude whose variables the
// iterations' frames share, and a value for g that blocking code can
// still call; lowering the stored call as a call at each range would
// run the prelude at the wrong time, once per range, silently changing
// its meaning.
//
// # Type switches and select
//
// The cases of an expression switch whose cases await are tests that jump
// to their bodies; a fallthrough, the last statement of a body that is not
// empty ("fallthrough;;"), maybe under labels ("L: fallthrough", kept as
// "L: ;" for a goto), becomes a jump to the next body.
// A type switch whose cases await becomes a chain of type assertions on
// its subject, evaluated once, each jumping to its case's body, where the
// bound variable is assigned (with the case's type when the case names one
// type). A select whose cases await keeps its select, in which each case
// only records that it was chosen and stores what it received; the bodies
// run after it, lowered. When a channel or a value sent awaits, all of the
// select's channels and values are evaluated first, in source order, as Go
// evaluates them on entering the select. A case that assigns what it
// receives to a left-hand side that awaits ("case a[f()] = <-ch:")
// receives into temporaries; its body evaluates the left-hand side, then
// assigns them, as Go does once the case is chosen.
//
// # Defer
//
// A defer statement pushes a function onto the frame's defer stack
// (rt.Frame.Defer), which rt runs last in first out when the frame
// returns, fails, panics or is cancelled, wherever the statement is (one
// inside a statement copied as written is a push too, in place). The
// deferred function value and its arguments are evaluated at the defer
// statement (awaits included), as Go evaluates them. "defer func() { ...
// }()" pushes the literal itself, and a call of any other func() value
// without arguments pushes the value (f.Frame.Defer(f.mu.Unlock): a method
// value evaluates its receiver at the defer statement, as defer does). A
// call with arguments or results of a function other than a builtin (a
// function named in the defer, generic or not, a method value, a method
// expression, a function value, a function literal) is pushed with the
// function and its arguments (deferCall, in return.go), by the function
// of rt for its shape where rt has one: rt.DeferCall1 to DeferCall3 for
// one to three parameters and no result, rt.DeferCall0R to DeferCall3R
// for up to three parameters and one result (dropped), rt.DeferCallV1 to
// DeferCallV3 for a variadic function of up to three parameters and no
// result, its variadic arguments listed or passed as a slice with "...":
// rt.DeferCall1(&f.Frame, handlePanic, &f.err). Where an argument's type
// is not its parameter's (an interface parameter, say), or the function
// is generic, the parameters' types are given as type arguments
// (rt.DeferCall2[io.Writer, string](...)), so that the arguments are
// assigned to them as in the call written. Any other shape (four
// parameters or more, two results or more, a variadic function with a
// result) is pushed by rt.DeferCallOf with a value of a type that the
// generated file declares for the shape, once per file however many
// calls have it (deferShapeType; emitDeferShape in emit.go): generic in
// the types of the parameters and results, so that it depends on no type
// of the user's and serves generic functions too, it holds the function
// and its arguments and implements rt.DeferredCall, its CallUnder doing
// Go's own "defer c.fn(c.a1, c.a2, c.a3, c.a4); panic(v)":
// rt.DeferCallOf(&f.Frame, &asyncgenDefer4R2[*error, string, int, bool,
// int, error]{fn: report, a1: &f.err, a2: "x", a3: n, a4: true}), a
// generic function given with all its type arguments (a field takes no
// generic function). The type's name is asyncgen's, taken as the frames'
// names are: free of the package's names, numbered for each file of the
// package (asyncgenDefer4_1), and of the names of each function that
// refers to it; it names any and panic through package predeclared
// (predeclared.Any, predeclared.Panic) where the package declares its
// own. "defer f(g())" of a multi-valued g passes
// g's results, assigned to temporaries at the defer statement, as the
// arguments. Any other deferred call (a builtin, "defer f(g())" inside a
// statement copied as written, where no temporaries can be assigned) is
// bound to the parameters of a wrapper that returns the deferred call;
// constants, builtins and package-level functions stay in the call as
// written. In a function with named results, a return statement assigns
// the results, runs the stack (Frame.RunDefers), and returns the results
// as the deferred calls left them.
//
// A func() value pushed as it is, or a function pushed with its arguments,
// runs, while a panic is in flight, as Go's own defer of that call under
// a Go panic of that value, so that its own recover stops the frame's
// panic as in Go (through a method value's wrapper too), and such a defer
// counts as one that may recover: the frame of a function with named
// results gets Recovered, below. A wrapper's call of a function cannot,
// and its recover gets nil: that is the recover limit of deferred calls
// with arguments, left to "defer f(g())" of a multi-valued g in a
// statement copied as written. A call of recover made by a deferred
// function literal itself becomes Frame.Recover, which stops the frame's
// panic (or that of a deferred call that ran before it); the frame of a
// function with named results then gets a Recovered method
// (rt.Recoverer) that returns them. A "defer recover()" of the literal,
// deferred with arguments or without, stays Go's: the literal runs as
// Go's deferred call under the panic in flight, and Go decides which
// panic that recover sees, if any.
//
// A deferred call of an async function g is an await, pushed with
// rt.DeferAwait(&f.Frame, gAsync(x)): the task is made at the defer
// statement, which evaluates the receiver and arguments then, as Go does,
// and starts when its turn comes as the stack runs; the frame suspends
// until it is over, and its results are dropped. "defer rt.Await(op)" is
// rt.DeferAwait(&f.Frame, op). Only Resume can suspend, so a function with
// named results that defers an await returns with
// Frame.ReturnResults(f), and its frame gets the Recovered method through
// which rt reads the results once the stack has run. A panic in a deferred
// await replaces the one in flight, as a deferred call's panic does. What
// a cancellation does to a deferred await is rt's (see rt.DeferAwait):
// it is shielded from the cancellation that the task received before its
// stack began, and a further Cancel interrupts it. "defer rt.Yield()" is
// rt.DeferYield(&f.Frame), a yield of the same kind.
//
// A deferred async literal (deferLit in lits.go) is an await too:
// rt.DeferAwait(&f.Frame, rt.NewTask(&fLit1Frame{x: v, y: &f.y})), a new
// frame of the literal made at the defer statement with its arguments
// and a pointer to each variable it captures, named results included, so
// that the literal reads and sets them as the deferred calls run. A
// literal that calls recover itself gets a field deferrer, set to the
// deferring frame (&f.Frame, an rt.Deferrer) when it is deferred and nil
// when it is called, and its calls of recover become
// rt.RecoverFor(f.deferrer): the deferring frame's Recover, which stops
// its panic as recover does in a deferred function, before or after the
// literal's awaits; nil for a call, as in Go. A literal whose only await
// is a deferred one is async itself, so that its deferred awaits are
// awaited. In blocking mode every deferred call is Go's own defer.
//
// # Goto
//
// Resume is flat and declares its variables at the top, so a goto and its
// label stay as the user wrote them: a labelled statement that is lowered
// keeps its label in place. In a function with a goto a declaration may
// run more than once, so a variable that a closure captures or whose
// address is taken is allocated afresh at each run of its declaration, as
// in a loop. A goto out of range loops over functions (its label is
// outside them) stops their iterators first, as break does (leave).
package transform

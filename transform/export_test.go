package transform

// IsAsync is isAsync, for the external tests: the corpus check asks the
// same question of a program's Main as the generator does.
var IsAsync = isAsync

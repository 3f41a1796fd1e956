package main

// utf8 is declared by the package: the generated file, which imports
// unicode/utf8 for the range over a string below, must import it under
// another name.
var utf8 = 1

//async
func count(s string) int {
	n := 0
	for range s {
		step()
		n += utf8
	}
	return n
}

//async
func step() {}

package fixdropped

// Dropping does not import anything: the fix adds the import.
//
// async
func Dropping() {
	WorkAsync() // want `^the task made by WorkAsync\(...\) is dropped`
}

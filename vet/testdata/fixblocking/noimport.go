package fixblocking

import "time"

// Pause does not import rt: the fix adds the import.
//
// async
func Pause() {
	time.Sleep(time.Millisecond) // want `^time.Sleep in async function Pause`
}

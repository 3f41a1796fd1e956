package rt

import "io"

// SetTaskLog makes the reports of dropped tasks go to w until the
// returned function restores the log.
func SetTaskLog(w io.Writer) (restore func()) {
	taskLog.Lock()
	old := taskLog.w
	taskLog.w = w
	taskLog.Unlock()
	return func() {
		taskLog.Lock()
		taskLog.w = old
		taskLog.Unlock()
	}
}

package rt
import ("testing";"unsafe";"net")
func TestZZSizes(t *testing.T) {
	t.Logf("pollFD %d ioOp[int] %d fdReg %d Conn %d Task[struct{}] %d Frame %d Reader %d readerOp %d Future[int] %d TCPAddr %d", unsafe.Sizeof(pollFD{}), unsafe.Sizeof(ioOp[int]{}), unsafe.Sizeof(fdReg{}), unsafe.Sizeof(Conn{}), unsafe.Sizeof(Task[struct{}]{}), unsafe.Sizeof(Frame[struct{}]{}), unsafe.Sizeof(Reader{}), unsafe.Sizeof(readerOp{}), unsafe.Sizeof(Future[int]{}), unsafe.Sizeof(net.TCPAddr{}))
}

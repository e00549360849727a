package p

type pool struct {
	jobs chan int
	done chan struct{} // only closed and received from: its buffer cannot matter
}

func newPool(n int) *pool {
	return &pool{jobs: make(chan int, n), done: make(chan struct{})}
}

func (p *pool) submit(j int)          { p.jobs <- j }
func (p *pool) stop()                 { close(p.done) }
func (p *pool) Done() <-chan struct{} { return p.done }

func results() chan string {
	out := make(chan string) // handed out both ways: the caller may send
	return out
}

func capacity() int {
	c := make(chan int, 4) // cap reads the buffer
	return cap(c)
}

func zero() chan bool { return make(chan bool, 0) }

func signal() <-chan struct{} {
	ready := make(chan struct{})
	go func() { close(ready) }()
	return ready
}

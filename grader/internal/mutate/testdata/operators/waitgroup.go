package p

import "sync"

func fanOut(xs []int, f func(int)) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(x)
		}()
	}
	wg.Wait() // every f has returned
}

func withGo(xs []int, f func(int)) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Go(func() { f(x) })
	}
	wg.Go(work)
	wg.Wait()
}

func work() {}

func addFarFromGo(wg *sync.WaitGroup, f func()) {
	wg.Add(1)
	f()
	go wg.Done()
}

type group struct{}

func (group) Wait() {}

func notAWaitGroup(g group) { g.Wait() }

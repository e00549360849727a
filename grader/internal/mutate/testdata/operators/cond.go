package p

import "sync"

type queue struct {
	mu    sync.Mutex
	ready *sync.Cond
	items []int
}

func (q *queue) take() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.ready.Wait()
	}
	x := q.items[0]
	q.items = q.items[1:]
	return x
}

func (q *queue) notWaiting() {
	for len(q.items) == 0 {
		q.items = append(q.items, 0)
	}
	for i := 0; i < 3; i++ {
		q.ready.Wait()
	}
}

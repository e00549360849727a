// Mutant: results are received on an unbuffered channel until every distinct id has an answer, so with a repeated id the extra senders stay blocked forever. Caught by: leaks.
package goroutines

func FetchAll(ids []int, fetch func(id int) string) []string {
	type answer struct {
		id  int
		val string
	}
	ch := make(chan answer)
	for _, id := range ids {
		go func() { ch <- answer{id, fetch(id)} }()
	}
	wanted := make(map[int]bool, len(ids))
	for _, id := range ids {
		wanted[id] = true
	}
	// Stop listening once every id we were asked about has answered.
	got := make(map[int]string, len(wanted))
	for len(got) < len(wanted) {
		a := <-ch
		got[a.id] = a.val
	}
	results := make([]string, len(ids))
	for i, id := range ids {
		results[i] = got[id]
	}
	return results
}

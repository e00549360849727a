// Mutant: every worker counts into one shared map, taking a mutex for each word, so the workers queue at the lock. Caught by: speedup.
package wordcount

import (
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
)

// Count runs the workers, but they all write one map, and the mutex that
// makes that safe is taken and released once per word.
func Count(texts []string, workers int) map[string]int {
	workers = min(max(workers, 1), max(len(texts), 1))
	counts := make(map[string]int)
	var mu sync.Mutex
	add := func(word string) {
		mu.Lock()
		counts[strings.ToLower(word)]++
		mu.Unlock()
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(texts) {
					break
				}
				text := texts[i]
				start := -1
				for j, r := range text {
					switch {
					case unicode.IsLetter(r):
						if start < 0 {
							start = j
						}
					case start >= 0:
						add(text[start:j])
						start = -1
					}
				}
				if start >= 0 {
					add(text[start:])
				}
			}
		}()
	}
	wg.Wait()
	return counts
}

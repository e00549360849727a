// Mutant: every worker writes one shared map without any lock. Caught by: race.
package wordcount

import (
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
)

// Count shares one map between the workers and forgets that a Go map is not
// safe for concurrent writes: a data race, lost counts, or the runtime's
// "concurrent map writes" crash.
func Count(texts []string, workers int) map[string]int {
	workers = min(max(workers, 1), max(len(texts), 1))
	counts := make(map[string]int)
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
				countWords(counts, texts[i])
			}
		}()
	}
	wg.Wait()
	return counts
}

func countWords(counts map[string]int, text string) {
	start := -1
	for i, r := range text {
		switch {
		case unicode.IsLetter(r):
			if start < 0 {
				start = i
			}
		case start >= 0:
			counts[strings.ToLower(text[start:i])]++
			start = -1
		}
	}
	if start >= 0 {
		counts[strings.ToLower(text[start:])]++
	}
}

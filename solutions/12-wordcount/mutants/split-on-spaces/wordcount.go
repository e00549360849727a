// Mutant: splits words on white space only (strings.Fields), so punctuation and digits stay glued to words. Caught by: correctness.
package wordcount

import (
	"strings"
	"sync"
	"sync/atomic"
)

// Count works in parallel and merges correctly, but cuts words at white space
// only: "ham," and "ham" are different words, and "R2D2" is one.
func Count(texts []string, workers int) map[string]int {
	workers = min(max(workers, 1), max(len(texts), 1))
	parts := make([]map[string]int, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts := make(map[string]int)
			for {
				i := int(next.Add(1)) - 1
				if i >= len(texts) {
					break
				}
				countWords(counts, texts[i])
			}
			parts[w] = counts
		}()
	}
	wg.Wait()

	total := make(map[string]int, len(parts[0]))
	for _, part := range parts {
		for word, n := range part {
			if _, seen := total[word]; !seen {
				// A word may be a substring of its text: copy it, so that the
				// result does not keep every text alive.
				word = strings.Clone(word)
			}
			total[word] += n
		}
	}
	return total
}

// countWords adds the lower-cased, space-separated fields of text to counts.
func countWords(counts map[string]int, text string) {
	for _, word := range strings.Fields(text) {
		counts[strings.ToLower(word)]++
	}
}

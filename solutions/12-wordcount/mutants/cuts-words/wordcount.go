// Mutant: joins the texts and hands each worker an equal slice of bytes, cutting the words that straddle a boundary in two. Caught by: correctness.
package wordcount

import (
	"strings"
	"sync"
	"unicode"
)

// Count balances the work perfectly by bytes, but a boundary between two
// workers' slices can fall in the middle of a word (or of a rune): both
// halves are counted as words of their own.
func Count(texts []string, workers int) map[string]int {
	all := strings.Join(texts, " ")
	workers = min(max(workers, 1), max(len(all), 1))
	parts := make([]map[string]int, workers)
	size := (len(all) + workers - 1) / workers
	var wg sync.WaitGroup
	for w := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts := make(map[string]int)
			countWords(counts, all[min(w*size, len(all)):min((w+1)*size, len(all))])
			parts[w] = counts
		}()
	}
	wg.Wait()
	total := make(map[string]int)
	for _, part := range parts {
		for word, n := range part {
			total[word] += n
		}
	}
	return total
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

// Mutant: a worker reads the shared cursor and then stores the next value, two atomic steps instead of one Add, so two workers can read the same value and both count that text. Caught by: correctness.

// Package wordcount is the reference solution of kata 12.
package wordcount

import (
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
)

// Count returns how many times each lower-cased word occurs in texts. Workers
// take whole texts, one at a time, from a shared atomic cursor and count them
// in a map of their own (map); the maps are added up once, after every worker
// has finished (reduce). No lock is taken per word.
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
				i := int(next.Load()) // the next text nobody has taken
				if i >= len(texts) {
					break
				}
				next.Store(int64(i + 1)) // take it
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

// countWords adds the words of text to counts. A word is a longest run of
// letters; it is counted lower-cased. strings.ToLower returns the word itself,
// without allocating, when it has no upper-case letter.
func countWords(counts map[string]int, text string) {
	start := -1 // byte offset of the word being read, or -1 between words
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

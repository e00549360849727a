// Mutant: counts every text on the calling goroutine whatever workers says. Caught by: speedup.
package wordcount

import (
	"strings"
	"unicode"
)

// Count is right, but it has one register open: workers is ignored.
func Count(texts []string, workers int) map[string]int {
	counts := make(map[string]int)
	for _, text := range texts {
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
	return counts
}

// Package wordcount is kata 12: map, then reduce. Every worker counts the
// words of its own texts in a map of its own; the maps are added up once at
// the end.
package wordcount

// Count returns how many times each word occurs in texts, counting the texts
// on up to workers goroutines at once.
//
// What a word is:
//   - A word is a longest run of letters, where a letter is a rune for which
//     unicode.IsLetter reports true. Every other rune separates words: spaces,
//     punctuation, apostrophes, hyphens, underscores, digits, combining marks,
//     and the U+FFFD that invalid UTF-8 decodes to. So "don't" is "don" and
//     "t", "R2D2" is "r" and "d", and "日本語" is one word.
//   - Words are counted lower-cased rune by rune with unicode.ToLower (which
//     is what strings.ToLower does): "Café", "CAFÉ" and "café" are all
//     "café". Lower-casing is not case folding: "STRASSE" is "strasse", not
//     "straße".
//   - A word never runs from one text into the next: each text begins and
//     ends at a word boundary.
//
// The result:
//   - A new map, from word to count, that belongs to the caller. With no
//     words at all (nil or empty texts, texts of spaces and digits) it is an
//     empty map, never nil.
//   - texts is only read, never changed.
//
// The work:
//   - workers < 1 counts as 1; more workers than texts is allowed.
//   - The unit of work is a whole text: the suite's speedup input is many
//     texts of similar size. A solution may cut a long text into pieces, as
//     long as it never cuts a word in two.
//   - When Count returns, every goroutine it started has finished.
//
// The suite measures the speedup of Count(texts, NumCPU) on P CPUs against
// the faster of the same call on one CPU and a plain one-goroutine loop that
// cuts each text with strings.FieldsFunc and counts strings.ToLower of every
// word in a single map.
func Count(texts []string, workers int) map[string]int {
	panic("TODO: count each worker's texts in a map of its own, then add the maps up")
}

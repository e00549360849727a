package wordcount

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/deli-katas/deli/grader/katatest"
)

// How the suite checks Count:
//   - correctness: known texts (Unicode, punctuation, digits, case), empty
//     input, any number of workers, no text taken by two workers, one huge
//     text beside many small ones, and random texts against the suite's own
//     count;
//   - race: every test but the speedup one calls Count with several workers
//     on many texts, so a map shared without a lock is seen by -race;
//   - speedup: TestSpeedup… times Count on many medium texts.

// suiteFieldsCount is the suite's oracle, and the plain one-goroutine version
// the speedup counts from: the words as strings.FieldsFunc cuts them,
// lower-cased, counted in one map. It is deliberately the plainest idiomatic
// form, not the fastest: the speedup must reward splitting the work, not a
// faster word splitter.
func suiteFieldsCount(texts []string) map[string]int {
	counts := map[string]int{}
	for _, text := range texts {
		for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
			counts[strings.ToLower(w)]++
		}
	}
	return counts
}

// suiteVocabulary makes n distinct lower-case words out of syllables, a few
// of them with letters outside ASCII.
func suiteVocabulary(r *rand.Rand, n int) []string {
	syllables := []string{"ba", "ko", "ri", "de", "li", "mu", "sa", "te", "no", "pa",
		"ve", "zu", "ca", "lo", "gi", "ra", "un", "bre", "fé", "ño", "ür", "ça"}
	seen := map[string]bool{}
	words := make([]string, 0, n)
	for len(words) < n {
		var b strings.Builder
		for range 2 + r.IntN(3) {
			b.WriteString(syllables[r.IntN(len(syllables))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	return words
}

// suiteCapitalise upper-cases the first letter of w.
func suiteCapitalise(w string) string {
	for i, r := range w {
		if i == 0 {
			return string(unicode.ToUpper(r)) + w[len(string(r)):]
		}
	}
	return w
}

// suiteTexts makes n texts of about words words each, drawn from vocabulary
// with a skewed (Zipf) frequency, some capitalised or shouted, separated by
// spaces, punctuation, digits and line breaks.
func suiteTexts(r *rand.Rand, n, words int, vocabulary []string) []string {
	zipf := rand.NewZipf(r, 1.1, 8, uint64(len(vocabulary)-1))
	seps := []string{" ", " ", " ", " ", " ", " ", " ", " ", ", ", ". ", "! ", "\n", " 42 ", "-", "'", " (", ") "}
	texts := make([]string, n)
	for t := range texts {
		var b strings.Builder
		for range words/2 + r.IntN(words) {
			w := vocabulary[zipf.Uint64()]
			switch x := r.IntN(100); {
			case x < 6:
				w = suiteCapitalise(w)
			case x < 7:
				w = strings.ToUpper(w)
			}
			b.WriteString(w)
			b.WriteString(seps[r.IntN(len(seps))])
		}
		texts[t] = b.String()
	}
	return texts
}

// suiteWildTexts makes short texts out of awkward pieces: letters from
// several scripts, marks, digits, punctuation, invalid UTF-8.
func suiteWildTexts(r *rand.Rand, n int) []string {
	pieces := []string{"ham", "Ham", "HAM", "rye", "Café", "café", "CAFÉ", "straße", "STRASSE",
		"Привет", "мир", "三明治", "e\u0301", " ", " ", " ", "  ", "\t", "\n", ",", ".", "'", "-", "_",
		"7", "42", "\xff", "!", "¿", "ÆBLE", "œuf"}
	texts := make([]string, n)
	for t := range texts {
		var b strings.Builder
		for range r.IntN(40) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		texts[t] = b.String()
	}
	return texts
}

func suiteCheck(t *testing.T, want, got map[string]int, call string) {
	t.Helper()
	require.NotNil(t, got, "%s returned a nil map", call)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("%s: wrong counts (-want +got):\n%s", call, diff)
	}
}

func TestCorrectCountsLowerCasedRunsOfLetters(t *testing.T) {
	cases := []struct {
		name  string
		texts []string
		want  map[string]int
	}{
		{"case does not matter", []string{"The deli opens. THE DELI closes!"},
			map[string]int{"the": 2, "deli": 2, "opens": 1, "closes": 1}},
		{"accented capitals are lower-cased too", []string{"Café CAFÉ café"},
			map[string]int{"café": 3}},
		{"punctuation separates words", []string{"ham,cheese;rye...ham!(pickle)"},
			map[string]int{"ham": 2, "cheese": 1, "rye": 1, "pickle": 1}},
		{"apostrophes and hyphens separate words", []string{"don't over-order"},
			map[string]int{"don": 1, "t": 1, "over": 1, "order": 1}},
		{"digits separate words", []string{"2 bagels 4 you, R2D2"},
			map[string]int{"bagels": 1, "you": 1, "r": 1, "d": 1}},
		{"underscores separate words", []string{"pastrami_on_rye"},
			map[string]int{"pastrami": 1, "on": 1, "rye": 1}},
		{"tabs and line breaks separate words", []string{"ham\tcheese\r\nrye\n"},
			map[string]int{"ham": 1, "cheese": 1, "rye": 1}},
		{"other alphabets are letters", []string{"Привет ПРИВЕТ мир, œuf ÆBLE"},
			map[string]int{"привет": 2, "мир": 1, "œuf": 1, "æble": 1}},
		{"letters without spaces between them are one word", []string{"三明治 and 咖啡"},
			map[string]int{"三明治": 1, "and": 1, "咖啡": 1}},
		{"lower-casing is not case folding", []string{"Straße STRASSE"},
			map[string]int{"straße": 1, "strasse": 1}},
		{"a combining mark is not a letter", []string{"cafe\u0301"},
			map[string]int{"cafe": 1}},
		{"invalid UTF-8 separates words", []string{"ham\xffcheese\xc3"},
			map[string]int{"ham": 1, "cheese": 1}},
		{"a word never runs from one text into the next", []string{"pastr", "ami", "ham", "ham"},
			map[string]int{"pastr": 1, "ami": 1, "ham": 2}},
		{"counts add up across texts", []string{"rye rye", "Rye", "", "RYE ham"},
			map[string]int{"rye": 4, "ham": 1}},
	}
	for _, tc := range cases {
		for _, workers := range []int{1, 3} {
			t.Run(fmt.Sprintf("%s with %d workers", tc.name, workers), func(t *testing.T) {
				suiteCheck(t, tc.want, Count(tc.texts, workers), fmt.Sprintf("Count(%q, %d)", tc.texts, workers))
			})
		}
	}
}

func TestCorrectReturnsAnEmptyMapWhenThereAreNoWords(t *testing.T) {
	cases := []struct {
		name  string
		texts []string
	}{
		{"nil texts", nil},
		{"no texts", []string{}},
		{"one empty text", []string{""}},
		{"texts without letters", []string{"", "   ", "123 456", "?!., -- __", "\xff\xfe"}},
	}
	for _, tc := range cases {
		for _, workers := range []int{1, 4} {
			t.Run(fmt.Sprintf("%s with %d workers", tc.name, workers), func(t *testing.T) {
				got := Count(tc.texts, workers)
				require.NotNil(t, got, "Count(%q, %d) returned nil, want an empty map", tc.texts, workers)
				assert.Empty(t, got)
			})
		}
	}
}

func TestCorrectTreatsFewerThanOneWorkerAsOne(t *testing.T) {
	texts := []string{"ham and rye", "Ham and cheese"}
	want := map[string]int{"ham": 2, "and": 2, "rye": 1, "cheese": 1}
	for _, workers := range []int{0, -1, -8} {
		t.Run(fmt.Sprintf("%d workers count as one", workers), func(t *testing.T) {
			suiteCheck(t, want, Count(texts, workers), fmt.Sprintf("Count(texts, %d)", workers))
		})
	}
}

func TestCorrectAllowsMoreWorkersThanTexts(t *testing.T) {
	texts := []string{"ham and rye", "Ham and cheese"}
	want := map[string]int{"ham": 2, "and": 2, "rye": 1, "cheese": 1}
	for _, workers := range []int{3, 64} {
		t.Run(fmt.Sprintf("%d workers for two texts", workers), func(t *testing.T) {
			suiteCheck(t, want, Count(texts, workers), fmt.Sprintf("Count(texts, %d)", workers))
		})
	}
}

func TestCorrectAddsUpTheCountsOfEveryWorker(t *testing.T) {
	// Enough work that every worker takes some texts, even on one CPU.
	texts := make([]string, 100)
	for i := range texts {
		texts[i] = strings.Repeat("Deli ham, deli rye. ", 250)
	}
	want := map[string]int{"deli": 50000, "ham": 25000, "rye": 25000}
	for _, workers := range []int{2, 5} {
		t.Run(fmt.Sprintf("with %d workers", workers), func(t *testing.T) {
			suiteCheck(t, want, Count(texts, workers), fmt.Sprintf("Count(100 texts, %d)", workers))
		})
	}
}

func TestCorrectNoTextIsTakenByTwoWorkers(t *testing.T) {
	// Thousands of one-word texts keep the workers busy taking texts, so two
	// workers that can take the same text do so as soon as they run at the
	// same moment, and that text is counted twice. When they run together
	// depends on how the machine shares its CPUs, so the test calls Count at
	// least five times and goes on for a short spell of real time (the clock
	// only says when to stop trying, it never judges Count), and stops at the
	// first wrong count.
	const texts, minCalls, spell = 2000, 5, 200 * time.Millisecond
	rye := slices.Repeat([]string{"Rye"}, texts)
	start := time.Now()
	for call := 0; call < minCalls || time.Since(start) < spell; call++ {
		workers := []int{2, 4, 8}[call%3]
		if got := Count(rye, workers); got["rye"] != texts || len(got) != 1 {
			t.Fatalf("call %d of Count(%d texts \"Rye\", %d) = %v, want map[rye:%d]: a text counted twice was taken by two workers",
				call+1, texts, workers, got, texts)
		}
	}
}

func TestCorrectCountsOneHugeTextBesideManySmallOnes(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 1))
	vocabulary := suiteVocabulary(r, 500)
	texts := suiteTexts(r, 200, 20, vocabulary)
	huge := suiteTexts(r, 1, 20_000, vocabulary)[0]
	texts = append(texts[:100], append([]string{huge}, texts[100:]...)...)
	want := suiteFieldsCount(texts)
	for _, workers := range []int{1, 2, 5} {
		t.Run(fmt.Sprintf("with %d workers", workers), func(t *testing.T) {
			suiteCheck(t, want, Count(texts, workers), fmt.Sprintf("Count(201 texts, %d)", workers))
		})
	}
}

func TestCorrectAgreesWithTheSuiteOnRandomTexts(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 2))
	vocabulary := suiteVocabulary(r, 300)
	for i := range 16 {
		var texts []string
		if i%2 == 0 {
			texts = suiteWildTexts(r, r.IntN(60))
		} else {
			texts = suiteTexts(r, r.IntN(60), 50, vocabulary)
		}
		workers := 1 + r.IntN(9)
		suiteCheck(t, suiteFieldsCount(texts), Count(texts, workers),
			fmt.Sprintf("Count(%d random texts, %d)", len(texts), workers))
	}
}

func TestSpeedupCountingUsesEveryCPU(t *testing.T) {
	// The input is built in Setup, so that a run under -race, where Speedup
	// skips at once, does not pay for it.
	input := sync.OnceValues(func() ([]string, map[string]int) {
		r := rand.New(rand.NewPCG(12, 3))
		texts := suiteTexts(r, 2000, 1000, suiteVocabulary(r, 3000))
		return texts, suiteFieldsCount(texts)
	})
	workers := runtime.NumCPU()
	katatest.Speedup(t, "12-wordcount", katatest.Work{
		Run: func() {
			texts, want := input()
			if got := Count(texts, workers); !maps.Equal(got, want) {
				t.Fatalf("Count(%d texts, %d) gave wrong counts during the measurement (%d distinct words, want %d)",
					len(texts), workers, len(got), len(want))
			}
		},
		Sequential: func() {
			texts, _ := input()
			suiteFieldsCount(texts)
		},
		Setup: func() { input() },
	})
}

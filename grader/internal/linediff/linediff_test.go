package linediff

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// The expected hunks are what GNU diff -u prints for the same texts.
func TestUnifiedWritesWhatDiffUWrites(t *testing.T) {
	ten := "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n"
	cases := []struct {
		name    string
		a, b    string
		context int
		want    string
	}{
		{name: "equal texts give no diff", a: ten, b: ten, context: 3, want: ""},
		{name: "a removed line is shown with the context around it", a: ten, b: strings.Replace(ten, "5\n", "", 1), context: 2, want: `--- a
+++ b
@@ -3,5 +3,4 @@
 3
 4
-5
 6
 7
`},
		{name: "a changed line is removed, then added", a: ten, b: strings.Replace(ten, "5\n", "five\n", 1), context: 1, want: `--- a
+++ b
@@ -4,3 +4,3 @@
 4
-5
+five
 6
`},
		{name: "an added line at the start counts from line 1", a: ten, b: "0\n" + ten, context: 1, want: `--- a
+++ b
@@ -1 +1,2 @@
+0
 1
`},
		{name: "without context a pure insertion names the line before it", a: ten, b: strings.Replace(ten, "3\n", "3\nnew\n", 1), context: 0, want: `--- a
+++ b
@@ -3,0 +4 @@
+new
`},
		{name: "changes far apart get a hunk each", a: ten, b: strings.NewReplacer("2\n", "two\n", "9\n", "nine\n").Replace(ten), context: 1, want: `--- a
+++ b
@@ -1,3 +1,3 @@
 1
-2
+two
 3
@@ -8,3 +8,3 @@
 8
-9
+nine
 10
`},
		{name: "changes close together share a hunk", a: ten, b: strings.NewReplacer("4\n", "four\n", "6\n", "six\n").Replace(ten), context: 1, want: `--- a
+++ b
@@ -3,5 +3,5 @@
 3
-4
+four
 5
-6
+six
 7
`},
		{name: "two lines swapped keep the longest common part", a: "a\nb\nc\nd\n", b: "a\nc\nb\nd\n", context: 0, want: `--- a
+++ b
@@ -2 +1,0 @@
-b
@@ -3,0 +3 @@
+b
`},
		{name: "a text without a final newline diffs like one with it", a: "x\ny", b: "x\nz", context: 1, want: `--- a
+++ b
@@ -1,2 +1,2 @@
 x
-y
+z
`},
		{name: "everything removed", a: "x\ny\n", b: "", context: 3, want: `--- a
+++ b
@@ -1,2 +0,0 @@
-x
-y
`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, Unified("a", "b", tc.a, tc.b, tc.context))
		})
	}
}

func TestUnifiedPatchesTheFirstTextIntoTheSecond(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	text := func() string {
		var sb strings.Builder
		for range rng.IntN(30) {
			sb.WriteString(string(rune('a'+rng.IntN(5))) + "\n")
		}
		return sb.String()
	}
	for i := range 500 {
		a, b := text(), text()
		context := rng.IntN(4)
		d := Unified("a", "b", a, b, context)
		got, err := apply(a, d)
		if err != nil || got != b {
			t.Fatalf("case %d, context %d: patching\n%q\nwith\n%s\ngave %q (%v), want %q", i, context, a, d, got, err, b)
		}
	}
}

// apply patches a with a unified diff, checking every context and removed line.
func apply(a, diff string) (string, error) {
	x := lines(a)
	var out []string
	next := 0 // the first line of x not yet copied
	ls := lines(diff)
	for k := 0; k < len(ls); k++ {
		l := ls[k]
		switch {
		case strings.HasPrefix(l, "--- "), strings.HasPrefix(l, "+++ "):
		case strings.HasPrefix(l, "@@ "):
			var start, n int
			spec := strings.Fields(l)[1][1:]
			if _, err := fmt.Sscanf(spec, "%d,%d", &start, &n); err != nil {
				n = 1
				fmt.Sscanf(spec, "%d", &start)
			}
			if n > 0 {
				start--
			}
			out = append(out, x[next:start]...)
			next = start
		case strings.HasPrefix(l, " "), strings.HasPrefix(l, "-"):
			if next >= len(x) || x[next] != l[1:] {
				return "", fmt.Errorf("line %d of the diff does not match line %d", k+1, next+1)
			}
			if l[0] == ' ' {
				out = append(out, x[next])
			}
			next++
		case strings.HasPrefix(l, "+"):
			out = append(out, l[1:])
		default:
			return "", fmt.Errorf("line %d of the diff: %q", k+1, l)
		}
	}
	out = append(out, x[next:]...)
	if len(out) == 0 {
		return "", nil
	}
	return strings.Join(out, "\n") + "\n", nil
}

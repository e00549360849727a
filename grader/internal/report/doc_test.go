package report

import (
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// jsonPaths lists the JSON paths of every field of t, parents before their
// fields: "katas", "katas[].id", "katas[].speedup.bar", ...
func jsonPaths(t reflect.Type, prefix string) []string {
	var paths []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		path := prefix + name
		paths = append(paths, path)
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		switch {
		case ft.Kind() == reflect.Struct:
			paths = append(paths, jsonPaths(ft, path+".")...)
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
			paths = append(paths, jsonPaths(ft.Elem(), path+"[].")...)
		}
	}
	return paths
}

// documentedPaths reads the field table of docs/grader-json.md.
func documentedPaths(t *testing.T) []string {
	data, err := os.ReadFile("../../../docs/grader-json.md")
	require.NoError(t, err)
	doc := string(data)
	start := strings.Index(doc, "| field | meaning |")
	require.GreaterOrEqual(t, start, 0, "docs/grader-json.md has a field table")
	row := regexp.MustCompile("^\\| `([^`]+)` \\|")
	var paths []string
	for line := range strings.Lines(doc[start:]) {
		if strings.TrimSpace(line) == "" {
			break
		}
		if m := row.FindStringSubmatch(line); m != nil {
			paths = append(paths, m[1])
		}
	}
	return paths
}

func TestTheJSONDocumentationNamesEveryFieldAndNoOther(t *testing.T) {
	want := jsonPaths(reflect.TypeFor[Document](), "")
	got := documentedPaths(t)
	slices.Sort(want)
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("docs/grader-json.md's field table and report.Document differ (-fields +documented):\n%s", diff)
	}
}

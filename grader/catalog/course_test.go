package catalog

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestEveryKataIsCompleteAndDocumented keeps the catalog, the folders and the
// docs telling the same story.
func TestEveryKataIsCompleteAndDocumented(t *testing.T) {
	root := filepath.Join("..", "..")
	read := func(path string) string {
		data, err := os.ReadFile(filepath.Join(root, path))
		if err != nil {
			t.Errorf("%v", err)
		}
		return string(data)
	}
	readme, concepts := read("README.md"), read("docs/concepts.md")
	for _, k := range All() {
		for _, f := range []string{
			filepath.Join("exercises", k.ID, "README.md"),
			filepath.Join("exercises", k.ID, k.StubFile()),
			filepath.Join("exercises", k.ID, k.TestFile()),
			filepath.Join("solutions", k.ID, k.StubFile()),
		} {
			_, err := os.Stat(filepath.Join(root, f))
			assert.NoError(t, err, "kata %s needs %s", k.ID, f)
		}
		assert.True(t, strings.Contains(readme, "(exercises/"+k.ID+")"), "README.md's table of katas lacks %s", k.ID)
		assert.True(t, strings.Contains(concepts, "(../exercises/"+k.ID+"/)"), "docs/concepts.md's course map does not link %s", k.ID)
	}
}

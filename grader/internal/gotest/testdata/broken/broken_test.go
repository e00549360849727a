// Package broken does not compile, for the grader's own tests.
package broken

import "testing"

func TestCorrectNeverBuilt(t *testing.T) { var unused int }

package mutate

import (
	"go/ast"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMayBeSentOn(t *testing.T) {
	cases := []struct {
		name string
		body string // declares c := make(chan int) or a field, and uses it
		want bool
	}{
		{"a channel only received from and closed is never sent on",
			"c := make(chan int)\n\tgo func() { close(c) }()\n\t<-c\n\tfor range c {\n\t}", false},
		{"a send is a send", "c := make(chan int, 1)\n\tc <- 1", true},
		{"a send in a select is a send", "c := make(chan int)\n\tselect {\n\tcase c <- 1:\n\tdefault:\n\t}", true},
		{"handed over as receive-only, it cannot be sent on", "c := make(chan int)\n\trecvOnly(c)\n\tclose(c)", false},
		{"handed over both ways, it may be", "c := make(chan int)\n\tboth(c)", true},
		{"copied to another variable, it may be", "c := make(chan int)\n\td := c\n\td <- 1", true},
		{"len reads the buffer", "c := make(chan int, 2)\n\t_ = len(c)", true},
		{"a field only closed and received from is never sent on",
			"var h holder\n\th.c = make(chan int)\n\tclose(h.c)\n\t<-h.c", false},
		{"a field sent on anywhere may be", "h := holder{c: make(chan int, 1)}\n\th.c <- 1", true},
		{"a channel made where nothing stores it may be", "both(make(chan int))", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\ntype holder struct{ c chan int }\n\nfunc recvOnly(<-chan int) {}\nfunc both(chan int)       {}\n\nfunc f() {\n\t" + tc.body + "\n}\n"
			f, err := load("f.go", []byte(src))
			require.NoError(t, err, src)
			var got []bool
			ast.Inspect(f.ast, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok && f.isBuiltin(call, "make") {
					got = append(got, f.mayBeSentOn(call))
				}
				return true
			})
			assert.Equal(t, []bool{tc.want}, got, src)
		})
	}
}

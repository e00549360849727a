// Hostile: hand the kata's whole job to golang.org/x/sync/errgroup, a module outside the standard library, instead of writing it. Kata: 16-brigade. Expect: refused.
package brigade

import (
	"context"

	"golang.org/x/sync/errgroup"
)

type Group struct{ eg *errgroup.Group }

func WithContext(ctx context.Context) (*Group, context.Context) {
	eg, ctx := errgroup.WithContext(ctx)
	return &Group{eg: eg}, ctx
}

func (g *Group) group() *errgroup.Group {
	if g.eg == nil {
		g.eg = new(errgroup.Group)
	}
	return g.eg
}

func (g *Group) Go(f func() error) { g.group().Go(f) }

func (g *Group) SetLimit(n int) { g.group().SetLimit(n) }

func (g *Group) Wait() error { return g.group().Wait() }

// Package philosophers is Dijkstra's dining philosophers at the deli: cooks
// round one counter share the knives that lie between them, and every cook
// needs two knives to work.
package philosophers

// Dine seats n cooks (n >= 2) in a ring with one knife between neighbours; each eats `meals` times,
// calling eat(cook) while holding both knives beside it.
//
// In detail:
//   - The cooks are numbered 0 to n-1 round the counter, and so are the n
//     knives: cook c works with knife c on one side and knife (c+1)%n on the
//     other. Its neighbours are cooks (c-1+n)%n and (c+1)%n, each sharing one
//     of its knives. With n == 2 the two cooks share both knives.
//   - eat(c) is called exactly `meals` times for every cook c, each time while
//     cook c holds both of its knives. So two neighbours never eat at the same
//     time, and neither do two calls for the same cook; cooks who share no
//     knife may (and should be able to) eat at the same time.
//   - Dine never deadlocks, whatever eat does (as long as it returns), however
//     many cooks and meals there are.
//   - Dine returns once every call of eat has returned, and leaves no
//     goroutine of its own running. With meals <= 0 it calls nothing and
//     returns at once.
//   - n < 2 is outside the contract.
//
// eat is called from goroutines of Dine's choosing; it must be safe to call
// for different cooks at the same time.
func Dine(n, meals int, eat func(cook int)) {
	panic("TODO: one goroutine per cook; pick up the knives in an order that cannot form a cycle")
}

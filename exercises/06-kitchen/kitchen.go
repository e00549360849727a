// Package kitchen is the deli's kitchen, where the daily special is cooked once.
// The first customer to ask for a dish starts it; everyone who asks while it is
// on the stove waits for that same pot; once it is cooked, it is kept and
// served straight away.
package kitchen

// Kitchen cooks dishes on demand with the cook function given to NewKitchen,
// and keeps every dish cooked successfully. Its methods are safe for use by any
// number of goroutines at once.
type Kitchen struct {
	// Add your fields here.
}

// NewKitchen returns an empty kitchen that cooks with cook. cook must be safe
// to call from several goroutines at once (for different dishes).
func NewKitchen(cook func(dish string) (string, error)) *Kitchen {
	panic("TODO: make a kitchen that remembers its dishes")
}

// Get returns the dish, cooking it at most once however many callers ask at once.
// Successful results are kept; an error is returned to the callers that waited and is not kept.
//
// In detail:
//   - If the dish was already cooked successfully, Get returns it at once and
//     does not call cook.
//   - Otherwise, if the dish is on the stove (another caller's cook(dish) is
//     running), Get waits for that cooking and returns its result the moment
//     that cook call returns.
//   - Otherwise Get calls cook(dish) itself. Callers that ask for the same dish
//     while it cooks wait for it: however many they are, cook(dish) runs once.
//   - Every caller of one cooking gets exactly what that cook call returned:
//     the string and the error.
//   - A success is kept for good. An error is handed to the callers of that
//     cooking and then forgotten: the next Get of that dish cooks it again.
//   - Different dishes cook at the same time: a dish on the stove never delays
//     a Get for another dish, whether kept, cooking or not started.
//
// What happens when cook panics, or when cook itself calls Get for the dish it
// is cooking, is outside the contract.
func (k *Kitchen) Get(dish string) (string, error) {
	panic("TODO: serve a kept dish, join a cooking one, or cook it yourself")
}

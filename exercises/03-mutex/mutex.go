// Package mutex is Deli's till. Several cashiers take money in and move it
// between accounts at the same time, and not one cent may appear or vanish on
// the way.
package mutex

import "errors"

// ErrInsufficientFunds is returned by Transfer when the paying account holds
// less than the amount to move.
var ErrInsufficientFunds = errors.New("insufficient funds")

// Ledger keeps a balance, in whole cents, for every account, named by any
// string. Use NewLedger to make one.
//
// All its methods are safe for use by any number of goroutines at once. Each
// method call takes effect at one instant, all of it or nothing: no other call
// ever sees a transfer halfway done.
//
// An account exists from the first deposit or transfer that names it; an
// account that was never named holds 0 cents.
type Ledger struct {
	// Add your fields here.
}

// NewLedger returns an empty ledger: every account holds 0 cents.
func NewLedger() *Ledger {
	panic("TODO: make an empty ledger")
}

// Deposit adds cents to account. A deposit of zero or a negative amount is
// ignored: the till takes money in, never out.
func (l *Ledger) Deposit(account string, cents int) {
	panic("TODO: add cents to the account, under a lock")
}

// Transfer moves cents from one account to another, atomically: at no instant
// can any other call see the money gone from one account and not yet in the
// other.
//
//   - If from holds at least cents, the move happens and Transfer returns nil.
//     Emptying an account exactly to 0 is allowed.
//   - If from holds less than cents (an account never seen holds 0), Transfer
//     returns ErrInsufficientFunds and changes nothing: both balances stay as
//     they were. Balances never go below zero.
//   - If cents is zero or negative, Transfer returns an error other than
//     ErrInsufficientFunds and changes nothing.
//   - A transfer from an account to itself (from == to) moves nothing: it
//     returns nil if the account holds at least cents, and
//     ErrInsufficientFunds otherwise.
//
// Transfers in opposite directions (A to B while B to A) may run at the same
// time, any number of them: they must never wait for each other forever.
func (l *Ledger) Transfer(from, to string, cents int) error {
	panic("TODO: check the funds and move the money, both under the same lock(s)")
}

// Balance returns the cents in account now; 0 for an account never seen.
func (l *Ledger) Balance(account string) int {
	panic("TODO: read the balance under a lock")
}

// Total returns the sum of every account's balance at one instant: a
// consistent snapshot. While transfers run it always equals the money
// deposited so far, never a sum that catches a transfer halfway.
func (l *Ledger) Total() int {
	panic("TODO: add up every balance while no transfer can run")
}

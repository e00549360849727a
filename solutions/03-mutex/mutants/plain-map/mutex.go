// Mutant: the balances live in a plain map with no lock at all, as if each call ran alone. Caught by: race, correctness.

// Package mutex is Deli's till. Several cashiers take money in and move it
// between accounts at the same time, and not one cent may appear or vanish on
// the way.
package mutex

import (
	"errors"
	"fmt"
)

// ErrInsufficientFunds is returned by Transfer when the paying account holds
// less than the amount to move.
var ErrInsufficientFunds = errors.New("insufficient funds")

// Ledger keeps a balance, in cents, for every account.
type Ledger struct {
	balances map[string]int
}

// NewLedger returns an empty ledger.
func NewLedger() *Ledger {
	return &Ledger{balances: make(map[string]int)}
}

// Deposit adds cents to account. Zero or a negative amount is ignored.
func (l *Ledger) Deposit(account string, cents int) {
	if cents <= 0 {
		return
	}
	l.balances[account] += cents
}

// Transfer moves cents from one account to another, all or nothing.
func (l *Ledger) Transfer(from, to string, cents int) error {
	if cents <= 0 {
		return fmt.Errorf("transfer of %d cents: the amount must be positive", cents)
	}
	if l.balances[from] < cents {
		return ErrInsufficientFunds
	}
	l.balances[from] -= cents
	l.balances[to] += cents
	return nil
}

// Balance returns the cents in account; 0 for an account never seen.
func (l *Ledger) Balance(account string) int {
	return l.balances[account]
}

// Total returns the sum of all balances.
func (l *Ledger) Total() int {
	total := 0
	for _, cents := range l.balances {
		total += cents
	}
	return total
}

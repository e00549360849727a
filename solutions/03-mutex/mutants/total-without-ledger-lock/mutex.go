// Mutant: Total reads the ledger's map of accounts without the ledger's lock, so it races with a deposit that opens an account. Caught by: race.

// Package mutex is Deli's till. Several cashiers take money in and move it
// between accounts at the same time, and not one cent may appear or vanish on
// the way.
package mutex

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
)

// ErrInsufficientFunds is returned by Transfer when the paying account holds
// less than the amount to move.
var ErrInsufficientFunds = errors.New("insufficient funds")

// Ledger keeps a balance, in cents, for every account.
//
// Each account has a lock of its own, so transfers between different accounts
// do not wait for each other. Whoever needs several account locks takes them
// in one global order, by account name, which is what keeps two opposite
// transfers from each holding one lock and waiting for the other forever.
type Ledger struct {
	mu       sync.Mutex // guards the map itself, not the balances in it
	accounts map[string]*account
}

type account struct {
	name  string
	mu    sync.Mutex // guards cents
	cents int
}

// NewLedger returns an empty ledger.
func NewLedger() *Ledger {
	return &Ledger{accounts: make(map[string]*account)}
}

// open returns the account called name, creating it with 0 cents if needed.
func (l *Ledger) open(name string) *account {
	l.mu.Lock()
	defer l.mu.Unlock()
	a, ok := l.accounts[name]
	if !ok {
		a = &account{name: name}
		l.accounts[name] = a
	}
	return a
}

// Deposit adds cents to account. Zero or a negative amount is ignored.
func (l *Ledger) Deposit(account string, cents int) {
	if cents <= 0 {
		return
	}
	a := l.open(account)
	a.mu.Lock()
	defer a.mu.Unlock()
	a.cents += cents
}

// Transfer moves cents from one account to another, all or nothing.
func (l *Ledger) Transfer(from, to string, cents int) error {
	if cents <= 0 {
		return fmt.Errorf("transfer of %d cents: the amount must be positive", cents)
	}
	src, dst := l.open(from), l.open(to)
	unlock := lockPair(src, dst)
	defer unlock() // on every path, the error return included
	if src.cents < cents {
		return ErrInsufficientFunds
	}
	src.cents -= cents
	dst.cents += cents // when from == to, src == dst and this undoes the line above
	return nil
}

// lockPair locks both accounts, the one whose name sorts first first, and
// returns the function that unlocks them. The same account is locked once:
// sync.Mutex is not reentrant, and locking it twice would wait forever.
func lockPair(a, b *account) (unlock func()) {
	if a == b {
		a.mu.Lock()
		return a.mu.Unlock
	}
	if b.name < a.name {
		a, b = b, a
	}
	a.mu.Lock()
	b.mu.Lock()
	return func() {
		b.mu.Unlock()
		a.mu.Unlock()
	}
}

// Balance returns the cents in account; 0 for an account never seen.
func (l *Ledger) Balance(account string) int {
	l.mu.Lock()
	a, ok := l.accounts[account]
	l.mu.Unlock()
	if !ok {
		return 0
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.cents
}

// Total returns the sum of all balances at one instant.
func (l *Ledger) Total() int {
	// Holding l.mu keeps new accounts out while we count. Every account lock
	// is taken, in name order, before any balance is read: no transfer can be
	// halfway through while we add up.
	names := slices.Sorted(maps.Keys(l.accounts)) // no ledger lock: reads the map while accounts are opened
	for _, name := range names {
		l.accounts[name].mu.Lock()
	}
	total := 0
	for _, name := range names {
		a := l.accounts[name]
		total += a.cents
		a.mu.Unlock()
	}
	return total
}

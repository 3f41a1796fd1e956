// Async methods with pointer receivers: writes before and after each
// suspension reach the caller's value; methods calling each other on the
// same receiver; a method called on an addressable value (implicit &).
package main

import (
	"errors"
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

type account struct {
	name    string
	balance int
	history []string
}

var errFunds = errors.New("insufficient funds")

//async
func (a *account) deposit(n int) {
	rt.Yield()
	a.balance += n
	a.history = append(a.history, fmt.Sprint("+", n))
}

//async
func (a *account) withdraw(n int) error {
	rt.Yield()
	if a.balance < n {
		return fmt.Errorf("%s: withdraw %d: %w", a.name, n, errFunds)
	}
	a.balance -= n
	rt.Yield()
	a.history = append(a.history, fmt.Sprint("-", n))
	return nil
}

//async
func (a *account) transfer(to *account, n int) error {
	if err := a.withdraw(n); err != nil {
		return err
	}
	to.deposit(n)
	return nil
}

type stack struct{ items []string }

//async
func (s *stack) push(v string) *stack {
	rt.Yield()
	s.items = append(s.items, v)
	return s
}

//async
func (s *stack) pop() (string, bool) {
	rt.Yield()
	if len(s.items) == 0 {
		return "", false
	}
	v := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return v, true
}

//async
func Main() {
	alice := &account{name: "alice"}
	var bob account
	bob.name = "bob"
	alice.deposit(100)
	fmt.Println("transfer:", alice.transfer(&bob, 30))
	fmt.Println("transfer:", bob.transfer(alice, 50))
	err := bob.withdraw(10)
	fmt.Println("withdraw:", err, errors.Is(err, errFunds))
	fmt.Println(alice.balance, alice.history, bob.balance, bob.history)

	var s stack
	s.push("a").push("b").push("c")
	for {
		v, ok := s.pop()
		if !ok {
			break
		}
		fmt.Println("popped", v)
	}
}

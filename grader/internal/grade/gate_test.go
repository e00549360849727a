package grade

import (
	"testing"
	"time"
)

func TestGateKeepsAMeasurementAloneAndLetsOthersShare(t *testing.T) {
	g := new(Gate)
	first, second := g.Shared(), g.Shared() // two gradings build at once

	measuring := make(chan struct{})
	go func() {
		release := g.Exclusive()
		close(measuring)
		release()
	}()
	select {
	case <-measuring:
		t.Fatal("a measurement started while builds held the gate")
	case <-time.After(50 * time.Millisecond):
	}
	first()
	second()
	select {
	case <-measuring:
	case <-time.After(10 * time.Second):
		t.Fatal("the measurement never started after the builds released the gate")
	}
}

func TestNilGateLetsEverythingThrough(t *testing.T) {
	var g *Gate
	g.Shared()()
	g.Exclusive()()
}

package storytest

import (
	"errors"
	"fmt"
	"io"
	"testing"
)

func TestOutput(t *testing.T) {
	run := func(w io.Writer) error { _, err := fmt.Fprintln(w, "PIN on chip"); return err }
	if got := Output(t, run, "PIN on chip"); got != "PIN on chip\n" {
		t.Fatalf("output %q", got)
	}

	var missing, failed recorder
	Output(&missing, run, "PIN blocked")
	if !missing.failed || missing.fatal {
		t.Error("a missing line must fail the test without stopping it")
	}
	func() {
		defer func() { _ = recover() }()
		Output(&failed, func(io.Writer) error { return errors.New("card mute") })
	}()
	if !failed.fatal {
		t.Error("a failing run must stop the test")
	}
}

// recorder is a testing.TB that notes failures instead of failing.
type recorder struct {
	testing.TB
	failed, fatal bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Fatalf(string, ...any) { r.failed, r.fatal = true, true; panic("fatal") }

// Package storytest checks what an example prints, for the examples' tests.
package storytest

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// Output runs an example's run function and checks that its output holds
// every wanted line; it returns the output for further checks.
func Output(t testing.TB, run func(io.Writer) error, want ...string) string {
	t.Helper()
	var b bytes.Buffer
	if err := run(&b); err != nil {
		t.Fatalf("run: %v", err)
	}
	out := b.String()
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q", w)
		}
	}
	return out
}

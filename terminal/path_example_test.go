package terminal_test

import (
	"fmt"

	"github.com/emvsim/emvsim/terminal"
)

// A PathChoice says which interface a transaction used and why the others
// were not used: here a chip that did not answer, then the stripe with the
// fallback indicator (POS entry mode 80).
func ExamplePathChoice() {
	c := terminal.PathChoice{
		Path: terminal.PathFallback,
		Reasons: []string{
			"contactless: not presented",
			"contact chip: failed (terminal: card does not answer): fallback to the stripe",
		},
	}
	fmt.Println(c)
	// Output: magnetic stripe (fallback) (contactless: not presented; contact chip: failed (terminal: card does not answer): fallback to the stripe)
}

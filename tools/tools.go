//go:build tools

// Package tools pins the versions of the tools CI runs, so the main go.mod
// stays free of them.
package tools

import _ "honnef.co/go/tools/cmd/staticcheck"

package terminal

import (
	"fmt"
	"io"
	"strings"

	"github.com/emvsim/emvsim/emv"
)

// Step names a Book 3 §10 step (and the reset before it) in the trace.
type Step int

// Steps in the order Run performs them.
const (
	stepReset Step = iota
	StepSelection
	StepInitiate
	StepRead
	StepODA
	StepRestrictions
	StepCVM
	StepRiskManagement
	StepActionAnalysis
	StepCardActionAnalysis
	StepOnline
	StepScripts
	StepCompletion
)

var stepNames = [...]string{"reset", "application selection", "initiate application processing", "read application data",
	"offline data authentication", "processing restrictions", "cardholder verification", "terminal risk management",
	"terminal action analysis", "card action analysis", "online processing", "issuer script processing", "completion"}

// String names the step as Book 3 does.
func (s Step) String() string {
	if s < 0 || int(s) >= len(stepNames) {
		return "step"
	}
	return stepNames[s]
}

// EntryKind says whether a trace entry is an APDU or a decision.
type EntryKind int

// Entry kinds.
const (
	EntryAPDU EntryKind = iota + 1
	EntryDecision
)

// TraceEntry is one APDU exchanged with the card or one decision of the
// kernel. APDU bytes are hex with PANs masked ('*' nibbles) unless the
// terminal shows PANs, and the data of VERIFY never appears.
type TraceEntry struct {
	Step Step
	Kind EntryKind
	// Name is the command ("SELECT", "GENERATE AC"); Command and Response
	// its hex bytes (Response without the status word); SW the status word.
	Name     string
	Command  string
	Response string
	SW       emv.SW
	// Text is the decision and its reason (decision entries).
	Text string

	data    []byte // the response data, decoded on demand by Decoded
	showPAN bool
}

// Decoded lists the data objects of an APDU entry's response, one per
// line, templates indented, PANs masked unless the terminal shows them.
// Decoding happens here rather than during the transaction, which keeps
// tracing cheap.
func (e TraceEntry) Decoded() string {
	if e.Kind != EntryAPDU {
		return ""
	}
	if len(e.data) == 0 {
		return ""
	}
	var b strings.Builder
	var opts []emv.DescribeOption
	if e.showPAN {
		opts = append(opts, emv.DescribeUnmasked())
	}
	if err := emv.Describe(&b, e.data, opts...); err != nil {
		b.WriteString("(malformed: " + err.Error() + ")")
	}
	return strings.TrimRight(b.String(), "\n")
}

// String renders the entry as trace lines.
func (e TraceEntry) String() string {
	if e.Kind == EntryDecision {
		return fmt.Sprintf("[%s] %s", e.Step, e.Text)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "[%s] %s\n  C: %s\n  R: %s %04X", e.Step, e.Name, e.Command, e.Response, uint16(e.SW))
	if d := e.Decoded(); d != "" {
		for _, l := range strings.Split(d, "\n") {
			b.WriteString("\n     " + l)
		}
	}
	return b.String()
}

// Trace is a transaction's entries in order.
type Trace []TraceEntry

// String is every entry on its own lines.
func (t Trace) String() string {
	var b strings.Builder
	for _, e := range t {
		b.WriteString(e.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// Decisions returns the texts of the decision entries, for tests and
// summaries.
func (t Trace) Decisions() []string {
	var out []string
	for _, e := range t {
		if e.Kind == EntryDecision {
			out = append(out, e.Text)
		}
	}
	return out
}

// tracer collects entries and streams them to the configured writer.
type tracer struct {
	step    Step
	entries Trace
	w       io.Writer
	showPAN bool
}

func (tr *tracer) add(e TraceEntry) {
	e.Step = tr.step
	tr.entries = append(tr.entries, e)
	if tr.w != nil {
		// A failing trace writer must not change the transaction.
		_, _ = io.WriteString(tr.w, e.String()+"\n")
	}
}

func (tr *tracer) decision(s Step, text string) {
	tr.step = s
	tr.add(TraceEntry{Kind: EntryDecision, Text: text})
}

func (tr *tracer) decisionf(format string, args ...any) {
	tr.add(TraceEntry{Kind: EntryDecision, Text: fmt.Sprintf(format, args...)})
}

func (tr *tracer) apdu(name string, cmd []byte, resp emv.Response, redact bool) {
	e := TraceEntry{Kind: EntryAPDU, Name: name, SW: resp.SW}
	if redact && len(cmd) > 5 {
		e.Command = hexString(cmd[:5]) + strings.Repeat("**", len(cmd)-5)
	} else {
		e.Command = hexString(cmd)
	}
	e.Response = tr.hex(resp.Data)
	e.data, e.showPAN = resp.Data, tr.showPAN
	tr.add(e)
}

const hexDigits = "0123456789ABCDEF"

func hexString(b []byte) string {
	out := make([]byte, 2*len(b))
	for i, c := range b {
		out[2*i], out[2*i+1] = hexDigits[c>>4], hexDigits[c&0x0F]
	}
	return string(out)
}

// hex is b in hex with PAN digits masked.
func (tr *tracer) hex(b []byte) string {
	s := []byte(hexString(b))
	if !tr.showPAN {
		maskPANs(s, b, 0, 0)
	}
	return string(s)
}

// maskPANs replaces, in the hex rendering s of the whole input, the middle
// digits of every PAN (5A) and track 2 equivalent (57) in b, which starts at
// byte offset base of the input. depth bounds the recursion.
func maskPANs(s []byte, b []byte, base, depth int) {
	if depth > 8 {
		return
	}
	sc := emv.NewScanner(b)
	pos := 0
	for sc.Next() {
		o := sc.Object()
		pos = rawOffset(b, pos, o)
		valOff := base + pos + len(o.Raw) - len(o.Value)
		switch {
		case o.Tag == emv.TagApplicationPAN || o.Tag == emv.TagTrack2EquivalentData || o.Tag == emv.TagTrack2Data:
			maskDigits(s[2*valOff : 2*(valOff+len(o.Value))])
		case o.Tag.Constructed():
			maskPANs(s, o.Value, valOff, depth+1)
		}
		pos += len(o.Raw)
	}
}

// rawOffset finds where o.Raw starts in b, searching from pos (o.Raw
// aliases b and objects come in order).
func rawOffset(b []byte, pos int, o emv.Object) int {
	if len(o.Raw) == 0 {
		return pos
	}
	for i := pos; i < len(b); i++ {
		if &b[i] == &o.Raw[0] {
			return i
		}
	}
	return pos
}

// maskDigits masks the hex digits of a PAN (up to the first non-digit, the
// separator D or the padding F) except the first six and last four.
func maskDigits(h []byte) {
	n := 0
	for n < len(h) && h[n] >= '0' && h[n] <= '9' {
		n++
	}
	if n < 11 {
		for i := 0; i < n; i++ {
			h[i] = '*'
		}
		return
	}
	for i := 6; i < n-4; i++ {
		h[i] = '*'
	}
}

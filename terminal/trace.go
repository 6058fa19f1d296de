package terminal

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"

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
	showPAN  bool // beside SW, which leaves room for it: entries are many
	// Text is the decision and its reason (decision entries).
	Text string

	data []byte // the response data, decoded on demand by Decoded
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
// Without a writer, the entries' texts (hex and decisions) are appended to
// one buffer and become strings only in finish, all in one allocation:
// building them one by one was most of the kernel's own cost.
type tracer struct {
	step    Step
	entries Trace
	w       io.Writer
	showPAN bool

	text    []byte       // the texts of entries not yet finished
	pending []entryTexts // per entry, where its texts are in text
}

// entryTexts locates an entry's Command, Response and Text in tracer.text;
// an empty span leaves the field as it is.
type entryTexts struct{ command, response, text span }

type span struct{ start, end int32 }

// tracerBuffers recycles the text buffer and spans: finish copies the
// texts out, so nothing in an Outcome refers to them.
var tracerBuffers = sync.Pool{New: func() any { return &tracerBuffer{text: make([]byte, 0, 4096), pending: make([]entryTexts, 0, 48)} }}

type tracerBuffer struct {
	text    []byte
	pending []entryTexts
}

// start prepares a tracer for a transaction of about n entries.
func (tr *tracer) start(w io.Writer, showPAN bool, n int) {
	tr.w, tr.showPAN = w, showPAN
	tr.entries = make(Trace, 0, n)
	if w == nil {
		b := tracerBuffers.Get().(*tracerBuffer)
		tr.text, tr.pending = b.text[:0], b.pending[:0]
	}
}

// finish gives every entry its texts, sliced from one string, and returns
// the entries.
func (tr *tracer) finish() Trace {
	if len(tr.pending) > 0 {
		all := string(tr.text)
		at := func(sp span, field *string) {
			if sp.end > sp.start {
				*field = all[sp.start:sp.end]
			}
		}
		for i, p := range tr.pending {
			e := &tr.entries[i]
			at(p.command, &e.Command)
			at(p.response, &e.Response)
			at(p.text, &e.Text)
		}
	}
	if tr.text != nil {
		tracerBuffers.Put(&tracerBuffer{text: tr.text[:0], pending: tr.pending[:0]})
		tr.text, tr.pending = nil, nil
	}
	return tr.entries
}

// mark returns the span from start to the end of the text buffer.
func (tr *tracer) mark(start int) span { return span{int32(start), int32(len(tr.text))} }

// add appends e whose texts are at p in the text buffer; with a writer it
// finishes e at once and streams it.
func (tr *tracer) add(e TraceEntry, p entryTexts) {
	e.Step = tr.step
	if tr.w == nil {
		tr.entries = append(tr.entries, e)
		tr.pending = append(tr.pending, p)
		return
	}
	at := func(sp span, field *string) {
		if sp.end > sp.start {
			*field = string(tr.text[sp.start:sp.end])
		}
	}
	at(p.command, &e.Command)
	at(p.response, &e.Response)
	at(p.text, &e.Text)
	tr.text = tr.text[:0]
	tr.entries = append(tr.entries, e)
	// A failing trace writer must not change the transaction.
	_, _ = io.WriteString(tr.w, e.String()+"\n")
}

func (tr *tracer) decision(s Step, text string) {
	tr.step = s
	start := len(tr.text)
	tr.text = append(tr.text, text...)
	tr.add(TraceEntry{Kind: EntryDecision}, entryTexts{text: tr.mark(start)})
}

func (tr *tracer) decisionf(format string, args ...any) {
	start := len(tr.text)
	tr.text = fmt.Appendf(tr.text, format, args...)
	tr.add(TraceEntry{Kind: EntryDecision}, entryTexts{text: tr.mark(start)})
}

// stepf starts step s with a formatted decision.
func (tr *tracer) stepf(s Step, format string, args ...any) {
	tr.step = s
	tr.decisionf(format, args...)
}

func (tr *tracer) apdu(name string, cmd []byte, resp emv.Response, redact bool) {
	var p entryTexts
	start := len(tr.text)
	if redact && len(cmd) > 5 {
		tr.text = appendHex(tr.text, cmd[:5])
		for range len(cmd) - 5 {
			tr.text = append(tr.text, "**"...)
		}
	} else {
		tr.text = appendHex(tr.text, cmd)
	}
	p.command = tr.mark(start)
	start = len(tr.text)
	tr.text = appendHex(tr.text, resp.Data)
	if !tr.showPAN {
		maskPANs(tr.text[start:], resp.Data, 0, 0)
	}
	p.response = tr.mark(start)
	tr.add(TraceEntry{Kind: EntryAPDU, Name: name, SW: resp.SW, data: resp.Data, showPAN: tr.showPAN}, p)
}

const hexDigits = "0123456789ABCDEF"

// appendHex appends b in upper-case hex, as the trace shows bytes.
func appendHex(dst, b []byte) []byte {
	for _, c := range b {
		dst = append(dst, hexDigits[c>>4], hexDigits[c&0x0F])
	}
	return dst
}

func hexString(b []byte) string { return string(appendHex(make([]byte, 0, 2*len(b)), b)) }

// maskPANs replaces, in the hex rendering s of the whole input, the middle
// digits of every PAN (5A) and track 2 (57, 9F6B) in b, which starts at
// byte offset base of the input, and hides what follows a track 2
// separator, track 1 and cardholder names entirely. depth bounds the
// recursion.
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
		h := s[2*valOff : 2*(valOff+len(o.Value))]
		switch {
		case o.Tag == emv.TagApplicationPAN:
			maskDigits(h)
		case o.Tag == emv.TagTrack2EquivalentData || o.Tag == emv.TagTrack2Data:
			// As the decoded line: the PAN masked, and everything after
			// the separator (expiry, service code, discretionary data with
			// its CVV or iCVV) hidden.
			maskDigits(h)
			if i := bytes.IndexByte(h, 'D'); i >= 0 {
				maskAll(h[i+1:])
			}
		case o.Tag == emv.TagTrack1Data || emv.HiddenWhenMasked(o.Tag):
			maskAll(h)
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

// maskAll hides every hex digit of h.
func maskAll(h []byte) {
	for i := range h {
		h[i] = '*'
	}
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

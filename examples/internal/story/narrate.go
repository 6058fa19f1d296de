package story

import (
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/terminal"
)

// Yen formats an amount in yen (the currency has no minor unit): ¥1,200.
func Yen(amount int64) string {
	s := fmt.Sprint(amount)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return "¥" + s
}

// Narrate writes what happened in one transaction in a few readable lines:
// the path, the result and its reason, the cardholder verification, TVR and
// TSI in words, the cryptogram and the issuer scripts. With trace it adds
// every APDU decoded and every decision of the kernel.
func Narrate(w io.Writer, o terminal.Outcome, trace bool) {
	fmt.Fprintf(w, "   path        %s\n", o.Path.Path)
	fmt.Fprintf(w, "   result      %s\n", resultLine(o))
	fmt.Fprintf(w, "   reason      %s\n", o.Reason)
	if o.Cryptogram != terminal.NoCryptogram {
		fmt.Fprintf(w, "   CVM         %s (9F34 %X)\n", o.CVMResults, o.CVMResults[:])
		if o.SignatureRequired {
			fmt.Fprintf(w, "   signature   the receipt has a signature line\n")
		} else {
			fmt.Fprintf(w, "   signature   none asked\n")
		}
		fmt.Fprintf(w, "   TVR %X  %s\n", o.TVR[:], orNone(o.TVR.String()))
		fmt.Fprintf(w, "   TSI %X        %s\n", o.TSI[:], orNone(o.TSI.String()))
		fmt.Fprintf(w, "   cryptogram  %s %s\n", o.Cryptogram, finalCryptogram(o.Trace))
	}
	switch {
	case len(o.Scripts) == 0 && o.Online:
		fmt.Fprintf(w, "   scripts     none from the issuer\n")
	case len(o.Scripts) > 0:
		for _, s := range o.Scripts {
			fmt.Fprintf(w, "   script      %s\n", s)
		}
		fmt.Fprintf(w, "   9F5B        %X\n", o.ScriptResults)
	}
	if trace {
		fmt.Fprintln(w, "   trace:")
		for _, l := range strings.Split(strings.TrimSuffix(o.Trace.String(), "\n"), "\n") {
			fmt.Fprintf(w, "     %s\n", l)
		}
	}
}

// Why lists the kernel's own decisions in the given steps of the
// transaction: the reason it ended as it did, in the trace's words.
func Why(o terminal.Outcome, steps ...terminal.Step) []string {
	var out []string
	for _, e := range o.Trace {
		if e.Kind == terminal.EntryDecision && slices.Contains(steps, e.Step) {
			out = append(out, fmt.Sprintf("[%s] %s", e.Step, e.Text))
		}
	}
	return out
}

func resultLine(o terminal.Outcome) string {
	s := o.Result.String()
	if o.Result == terminal.Approved || o.Result == terminal.Declined {
		if o.Online {
			s += " online by the issuer (" + o.ResponseCode + ")"
		} else {
			s += " offline by the card (" + o.ResponseCode + ")"
		}
	}
	return s
}

func orNone(s string) string {
	if s == "" {
		return "nothing set"
	}
	return s
}

// finalCryptogram is the application cryptogram (9F26) of the last
// GENERATE AC response in the trace, in hex, from either response format
// (Book 3 §6.5.5.4): template 77, or 80 with CID, ATC and cryptogram in a
// row. With CDA the cryptogram travels inside the signed dynamic
// application data (Book 2 §6.6).
func finalCryptogram(t terminal.Trace) string {
	for i := len(t) - 1; i >= 0; i-- {
		e := t[i]
		if e.Kind != terminal.EntryAPDU || e.Name != "GENERATE AC" || e.SW != emv.SWSuccess {
			continue
		}
		b, err := hex.DecodeString(e.Response)
		if err != nil {
			return ""
		}
		if ac, ok, err := emv.Find(b, emv.TagApplicationCryptogram); err == nil && ok {
			return fmt.Sprintf("%X", ac.Value)
		}
		if _, ok, err := emv.Find(b, emv.TagSignedDynamicApplicationData); err == nil && ok {
			return "inside the card's CDA signature (9F4B)"
		}
		if f, ok, err := emv.Find(b, emv.TagResponseMessageTemplateFormat1); err == nil && ok && len(f.Value) >= 11 {
			return fmt.Sprintf("%X", f.Value[3:11])
		}
		return ""
	}
	return ""
}

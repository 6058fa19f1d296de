package terminal

import (
	"fmt"
	"strings"

	"github.com/emvsim/emvsim/emv"
)

// Result is how a transaction ended.
type Result int

// Results. Approved and Declined are the card's and issuer's decisions;
// Terminated means the kernel stopped the transaction (Book 3 §10: "terminate
// the transaction") because the card could not be processed. InsertCard,
// TryAgain and UseOtherInterface are the outcomes of presentation handling
// (swipe and tap paths).
const (
	Terminated Result = iota
	Approved
	Declined
	InsertCard
	TryAgain
	UseOtherInterface
)

// String names the result in words.
func (r Result) String() string {
	switch r {
	case Approved:
		return "approved"
	case Declined:
		return "declined"
	case InsertCard:
		return "insert card"
	case TryAgain:
		return "try again"
	case UseOtherInterface:
		return "use another interface"
	}
	return "terminated"
}

// CryptogramType is the kind of application cryptogram, from b8–b7 of the
// cryptogram information data 9F27 (Book 3 §6.5.5.4).
type CryptogramType byte

// Cryptogram types. NoCryptogram means the card produced none (the
// transaction ended before GENERATE AC).
const (
	AAC          CryptogramType = 0x00
	TC           CryptogramType = 0x40
	ARQC         CryptogramType = 0x80
	NoCryptogram CryptogramType = 0xFF
)

// String is "AAC", "TC", "ARQC" or "none".
func (c CryptogramType) String() string {
	switch c {
	case AAC:
		return "AAC"
	case TC:
		return "TC"
	case ARQC:
		return "ARQC"
	}
	return "none"
}

// ScriptResult is one issuer script's result as the terminal reports it in
// 9F5B (Book 3 §10.10, Book 4 Annex A5): the result nibble, the sequence
// number of the failing command and the script identifier.
type ScriptResult struct {
	// Status is 0 not performed, 1 failed, 2 successful (b8–b5).
	Status byte
	// Sequence is the number of the failing command (b4–b1), 0 when none
	// failed or the script failed before its first command; values above
	// 14 read 15.
	Sequence byte
	// ID is the script identifier 9F18, zeros when the script had none.
	ID [4]byte
	// Template is 71 (before the final GENERATE AC) or 72 (after).
	Template byte
}

// Bytes is the 5-byte 9F5B entry.
func (s ScriptResult) Bytes() [5]byte {
	return [5]byte{s.Status<<4 | s.Sequence&0x0F, s.ID[0], s.ID[1], s.ID[2], s.ID[3]}
}

// String describes the script's result in words.
func (s ScriptResult) String() string {
	status := "not performed"
	switch s.Status {
	case 1:
		status = fmt.Sprintf("failed at command %d", s.Sequence)
	case 2:
		status = "successful"
	}
	return fmt.Sprintf("script %X (template %X): %s", s.ID, s.Template, status)
}

// Outcome is the result of one transaction: the decision, what was done
// to reach it and the trace of every command and decision.
type Outcome struct {
	Result Result
	// Path is the interface the transaction took and why the others were
	// not.
	Path PathChoice
	// Online reports that the terminal obtained an issuer response.
	Online bool
	// Cryptogram is the type of the card's final application cryptogram.
	Cryptogram CryptogramType
	// CVM is the method the cardholder was verified with; SignatureRequired
	// says the receipt carries a signature line.
	CVM               emv.CVMCode
	SignatureRequired bool
	// TVR (95), TSI (9B) and CVMResults (9F34) as they stood at the end.
	TVR        emv.TVR
	TSI        emv.TSI
	CVMResults emv.CVMResults
	// ResponseCode is the authorisation response code the card received
	// (8A): the issuer's, or Y1/Z1/Y3/Z3 for offline decisions.
	ResponseCode string
	// Scripts are the issuer script results, in the order processed;
	// ScriptResults is their 9F5B encoding.
	Scripts       []ScriptResult
	ScriptResults []byte
	// AID is the selected application, PAN the masked PAN.
	AID []byte
	PAN string
	// Reason says in words why the transaction ended as it did.
	Reason string
	// Trace is every APDU and decision in order.
	Trace Trace
}

// String is a one-line summary.
func (o Outcome) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s", o.Result)
	if o.Result == Approved || o.Result == Declined {
		if o.Online {
			b.WriteString(" online")
		} else {
			b.WriteString(" offline")
		}
		fmt.Fprintf(&b, " (%s)", o.Cryptogram)
	}
	switch {
	case o.CVMResults.Result() == emv.CVMResultFailed:
		b.WriteString(", cardholder verification failed")
	case o.CVM != emv.CVMNotAvailable:
		fmt.Fprintf(&b, ", CVM %s", o.CVM)
	}
	if o.SignatureRequired {
		b.WriteString(", signature required")
	}
	if o.Reason != "" {
		b.WriteString(": " + o.Reason)
	}
	return b.String()
}

package emv

import "strconv"

// TerminalType is tag 9F35 (EMV 4.4 Book 4 Annex A1 Table 24), two decimal
// digits: the first says who operates the terminal, the second whether it
// is attended and how it can go online.
type TerminalType byte

// TerminalOperator is the first digit of the terminal type: who has
// operational control of the terminal.
type TerminalOperator byte

// Terminal operators, Book 4 Table 24.
const (
	TerminalOperatorFinancialInstitution TerminalOperator = 1
	TerminalOperatorMerchant             TerminalOperator = 2
	TerminalOperatorCardholder           TerminalOperator = 3
)

// Merchant-operated terminal types. Use WithOperator for the same
// environment under a bank (an ATM is
// TerminalTypeUnattendedOnlineOnly.WithOperator(TerminalOperatorFinancialInstitution), 14)
// or the cardholder (34–36).
const (
	TerminalTypeAttendedOnlineOnly      TerminalType = 0x21
	TerminalTypeAttendedOnlineOffline   TerminalType = 0x22 // offline with online capability
	TerminalTypeAttendedOfflineOnly     TerminalType = 0x23
	TerminalTypeUnattendedOnlineOnly    TerminalType = 0x24
	TerminalTypeUnattendedOnlineOffline TerminalType = 0x25 // offline with online capability
	TerminalTypeUnattendedOfflineOnly   TerminalType = 0x26
)

// OperatedBy is the first digit: who operates the terminal.
func (t TerminalType) OperatedBy() TerminalOperator { return TerminalOperator(t >> 4) }

// environment is the second digit, 1–6.
func (t TerminalType) environment() byte { return byte(t & 0x0F) }

// Attended reports an environment of 1–3: an attendant is present.
func (t TerminalType) Attended() bool { e := t.environment(); return e >= 1 && e <= 3 }

// Unattended reports an environment of 4–6, such as a ticket machine.
func (t TerminalType) Unattended() bool { e := t.environment(); return e >= 4 && e <= 6 }

// OnlineOnly reports a terminal that cannot approve offline (x1, x4).
func (t TerminalType) OnlineOnly() bool { e := t.environment(); return e == 1 || e == 4 }

// OfflineWithOnline reports a terminal that works offline and can go
// online (x2, x5).
func (t TerminalType) OfflineWithOnline() bool { e := t.environment(); return e == 2 || e == 5 }

// OfflineOnly reports a terminal with no online capability (x3, x6).
func (t TerminalType) OfflineOnly() bool { e := t.environment(); return e == 3 || e == 6 }

// OnlineCapable reports a terminal that can go online.
func (t TerminalType) OnlineCapable() bool { return t.OnlineOnly() || t.OfflineWithOnline() }

// WithOperator is the same environment under another operator.
func (t TerminalType) WithOperator(op TerminalOperator) TerminalType {
	return TerminalType(byte(op)<<4 | t.environment())
}

// Valid reports whether Table 24 defines the value: 11–16, 21–26, 34–36.
func (t TerminalType) Valid() bool {
	switch t.OperatedBy() {
	case TerminalOperatorFinancialInstitution, TerminalOperatorMerchant:
		return t.Attended() || t.Unattended()
	case TerminalOperatorCardholder:
		return t.Unattended()
	}
	return false
}

// String is the type in words, e.g. "22 attended, offline with online
// capability, operated by merchant".
func (t TerminalType) String() string {
	code := byteHex(byte(t))
	if !t.Valid() {
		return code + " (invalid terminal type)"
	}
	s := code + " "
	if t.Attended() {
		s += "attended, "
	} else {
		s += "unattended, "
	}
	switch {
	case t.OnlineOnly():
		s += "online only"
	case t.OfflineWithOnline():
		s += "offline with online capability"
	default:
		s += "offline only"
	}
	return s + ", operated by " + t.OperatedBy().String()
}

// String names the operator.
func (o TerminalOperator) String() string {
	switch o {
	case TerminalOperatorFinancialInstitution:
		return "financial institution"
	case TerminalOperatorMerchant:
		return "merchant"
	case TerminalOperatorCardholder:
		return "cardholder"
	}
	return "operator " + strconv.Itoa(int(o))
}

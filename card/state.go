package card

// nvm is the card's persistent state: what survives a power cut. It is a
// value type with no pointers or slices, so a copy is a snapshot: a command
// works on a copy and commits it with one assignment, and a power cut at any
// point before that assignment leaves the state exactly as before.
type nvm struct {
	PIN         [12]byte // PIN digits (values 0-9)
	PINLen      uint8    // 0: PIN reference data not initialised
	PINTries    uint8    // PIN try counter
	CardBlocked bool
	Apps        [MaxApplications]appNVM
}

// appNVM is one application's persistent state.
type appNVM struct {
	ATC           uint16
	LastOnlineATC uint16 // 9F13; 0 until the first successful online transaction
	Blocked       bool
	// LCOL and UCOL start from the profile; PUT DATA may change them.
	LCOL, UCOL uint8
	// OfflineCount and OfflineAmount count the transactions and sum the
	// amounts approved offline since the last online one.
	OfflineCount  uint8
	OfflineAmount int64
	// Facts about the last transaction that the next one reports in its CVR.
	IssuerAuthFailed       bool // issuer authentication failed on the last online transaction
	IssuerAuthNotPerformed bool // online authorisation without issuer authentication
	OnlineNotCompleted     bool // an ARQC was never followed by a second GENERATE AC
	ODAFailed              bool // declined offline after failed offline data authentication
	ScriptCount            uint8
	// Log is the transaction log, a ring of LogCount entries.
	Log      [maxLog][logEntryMax]byte
	LogNext  uint8
	LogCount uint8
}

// logEntryMax bounds one transaction log entry.
const logEntryMax = 32

// initialState is the state personalisation leaves.
func initialState(p *Profile) nvm {
	var s nvm
	s.PINLen = uint8(len(p.PIN.Digits))
	for i := 0; i < len(p.PIN.Digits); i++ {
		s.PIN[i] = p.PIN.Digits[i] - '0'
	}
	if s.PINLen > 0 {
		s.PINTries = uint8(tryLimit(p))
	}
	for i := range p.Applications {
		s.Apps[i].LCOL = p.Applications[i].LCOL
		s.Apps[i].UCOL = p.Applications[i].UCOL
	}
	return s
}

// tryLimit is the PIN try limit the counter resets to.
func tryLimit(p *Profile) int {
	if p.PIN.TryLimit == 0 {
		return 3
	}
	return p.PIN.TryLimit
}

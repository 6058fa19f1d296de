package issuer

import "github.com/emvsim/emvsim/emv/cryptogram"

// cardFacts are what the card's Card Verification Results (inside the IAD)
// tell the issuer.
type cardFacts struct {
	pinTryLimitExceeded bool
	scriptsProcessed    int  // script commands with secure messaging run on the last online transaction
	scriptFailed        bool // issuer script processing failed on the last online transaction
}

// readCardFacts reads the CVR of a verified IAD with the layout the
// cryptogram version defines (the same definition the card writes with).
// An IAD that does not parse tells nothing.
func readCardFacts(v cryptogram.Version, iad []byte) cardFacts {
	d, err := v.ParseIAD(iad)
	if err != nil {
		return cardFacts{}
	}
	r, err := v.IAD.ParseCVR(d.CVR[:])
	if err != nil {
		return cardFacts{}
	}
	return cardFacts{
		pinTryLimitExceeded: r.PINTryLimitExceeded || r.BlockedByPINTryLimit,
		scriptsProcessed:    int(r.Scripts),
		scriptFailed:        r.ScriptFailed,
	}
}

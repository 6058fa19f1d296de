package issuer

import (
	"time"

	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/cryptogram"
)

// decideStripe handles magnetic-stripe reads: the CVV must be the stripe's,
// chip data (with the iCVV) replayed as a stripe is refused, and a chip
// card swiped without the fallback indicator must use its chip, unless the
// terminal has no chip reader (then the stripe is the card's only way in).
func (iss *Issuer) decideStripe(a *account, req *emv.AuthorizationRequest, now time.Time) decision {
	t, err := emv.ParseTrack2(req.Track2)
	if err != nil {
		return decision{code: emv.ResponseFormatError, detail: "track 2: " + err.Error()}
	}
	if t.PAN != a.pan {
		return decision{code: emv.ResponseFormatError, detail: "track 2 PAN differs from the request's"}
	}
	if req.EntryMode == emv.EntryModeContactlessMagstripe {
		return decision{code: emv.ResponseInvalidTransaction, detail: "contactless stripe mode (dCVV) not issued on this card"}
	}
	if code, why := iss.checkCVV(a, t, stripeServiceCode, "stripe CVV"); code != "" {
		return decision{code: code, detail: why}
	}
	if t.ServiceCode.ChipPresent() && req.EntryMode != emv.EntryModeFallback &&
		req.TerminalChipCapable != emv.NotChipCapable {
		// An unknown capability counts as chip capable: a request that
		// does not say it came from a stripe-only terminal gets no swipe
		// of a chip card past the chip.
		return decision{code: emv.ResponseChipCardUseChip, detail: "chip card read by stripe at a chip terminal without fallback"}
	}
	return iss.decideAccount(a, req.Amount, now)
}

// checkChipTrack2 checks the track 2 equivalent data of a chip request,
// from DE55 (57) or as track 2 text: it must carry the iCVV, not the stripe
// CVV. Neither present passes.
func (iss *Issuer) checkChipTrack2(a *account, raw []byte, text string) (emv.ResponseCode, string) {
	var t emv.Track2
	var err error
	switch {
	case len(raw) > 0:
		t, err = emv.ParseTrack2Equivalent(raw)
	case text != "":
		t, err = emv.ParseTrack2(text)
	default:
		return "", ""
	}
	if err != nil {
		return emv.ResponseFormatError, "track 2 equivalent data: " + err.Error()
	}
	if t.PAN != a.pan {
		return emv.ResponseInvalidCard, "track 2 equivalent PAN differs"
	}
	return iss.checkCVV(a, t, icvvServiceCode, "iCVV")
}

// checkCVV verifies the CVV in the track's discretionary data, computed
// with the service code svc (201 on the stripe, 999 for the chip's iCVV),
// and names the clone when the other value turns up: the stripe CVV in chip
// data, or the iCVV on a stripe.
func (iss *Issuer) checkCVV(a *account, t emv.Track2, svc, what string) (emv.ResponseCode, string) {
	if len(t.Discretionary) < cvvOffset+3 {
		return emv.ResponseSecurityViolation, what + " missing"
	}
	got := t.Discretionary[cvvOffset : cvvOffset+3]
	other := icvvServiceCode
	if svc == icvvServiceCode {
		other = stripeServiceCode
	}
	yymm := a.expiry[:4]
	want, err := cryptogram.CVV(iss.cfg.CVK, a.pan, yymm, svc)
	if err != nil {
		return emv.ResponseCryptographicError, what + ": " + err.Error()
	}
	wrong, err := cryptogram.CVV(iss.cfg.CVK, a.pan, yymm, other)
	if err != nil {
		return emv.ResponseCryptographicError, what + ": " + err.Error()
	}
	switch {
	case t.Expiry != yymm || t.ServiceCode.Digits() != a.serviceCode:
		return emv.ResponseSecurityViolation, "track data differ from the card issued"
	case sameCode(got, wrong) && !sameCode(got, want):
		if svc == icvvServiceCode {
			return emv.ResponseSecurityViolation, "stripe data presented as chip data (stripe CVV where the iCVV belongs)"
		}
		return emv.ResponseSecurityViolation, "chip data replayed as a stripe (iCVV where the stripe CVV belongs)"
	case !sameCode(got, want):
		return emv.ResponseSecurityViolation, what + " does not verify"
	}
	return "", ""
}

package card

import "strings"

// Track2Equivalent packs tag 57: PAN, separator D, expiry YYMM, service
// code and discretionary data (where the issuer puts the iCVV), padded with
// F to whole bytes (Book 3 Annex A, ISO/IEC 7813 layout).
func Track2Equivalent(pan, yymm, serviceCode, discretionary string) Hex {
	return packDigits(pan + "D" + yymm + serviceCode + discretionary)
}

// StripeTracks encodes tracks 1 and 2 of a stripe (ISO/IEC 7813) without
// sentinels. The discretionary data after the service code is a PIN
// verification key indicator 0, the 4-digit PVV field pvv and the 3-digit
// stripe CVV cvv, then zeros.
func StripeTracks(name, pan, yymm, serviceCode, pvv, cvv string) Stripe {
	dd := "0" + pvv + cvv + "000000"
	return Stripe{
		Track1: "B" + pan + "^" + strings.ToUpper(name) + "^" + yymm + serviceCode + dd,
		Track2: pan + "=" + yymm + serviceCode + dd,
	}
}

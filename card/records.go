package card

import (
	"strconv"

	"github.com/emvsim/emvsim/emv"
)

// maxLog is the largest transaction log a profile may ask for.
const maxLog = 30

// logSFI is the short file identifier of the transaction log (9F4D).
const logSFI = 11

// LayOutRecords writes the application's data into records and sets the
// AFL to read them, in the layout most issuers use:
//
//	SFI 1 record 1    57 track 2 equivalent, 5F20 cardholder name
//	SFI 2 record 1    5A, 5F24, 5F25, 5F28, 5F30, 5F34, 8C, 8D, 8E, 9F07,
//	                  9F08, 9F0D-9F0F, 9F42, 9F49, 9F4A — signed for ODA
//	SFI 2 record 2    8F, 90, 9F32, 92 (when there is an issuer certificate)
//	SFI 2 record 3    9F46, 9F47, 9F48 (when there is an ICC certificate)
//	SFI 2 record 4    93 (when there is signed static data)
//
// SFI 2 record 1 is the only record in offline data authentication, so an
// issuer lays out the records, computes the static data to sign from them,
// sets the certificates and lays out again without changing what it signed.
func (a *Application) LayOutRecords() {
	a.Records = a.Records[:0]
	var r1 []byte
	if len(a.Track2Equivalent) > 0 {
		r1 = emv.AppendTLV(r1, emv.TagTrack2EquivalentData, a.Track2Equivalent)
	}
	if a.CardholderName != "" {
		r1 = emv.AppendTLV(r1, emv.TagCardholderName, []byte(a.CardholderName))
	}
	afl := Hex{}
	if len(r1) > 0 {
		a.Records = append(a.Records, Record{SFI: 1, Number: 1, Data: r1})
		afl = append(afl, 1<<3, 1, 1, 0)
	}

	var r2 []byte
	r2 = emv.AppendTLV(r2, emv.TagApplicationPAN, packPAN(a.PAN))
	r2 = emv.AppendTLV(r2, emv.TagApplicationExpirationDate, packDigits(a.ExpiryDate))
	if a.EffectiveDate != "" {
		r2 = emv.AppendTLV(r2, emv.TagApplicationEffectiveDate, packDigits(a.EffectiveDate))
	}
	r2 = emv.AppendTLV(r2, emv.TagIssuerCountryCode, numeric2(a.CountryCode))
	r2 = emv.AppendTLV(r2, emv.TagServiceCode, packDigits("0"+a.ServiceCode))
	r2 = emv.AppendTLV(r2, emv.TagApplicationPANSequenceNumber, []byte{a.PANSequenceNumber})
	r2 = emv.AppendTLV(r2, emv.TagCardRiskManagementDOL1, a.CDOL1)
	r2 = emv.AppendTLV(r2, emv.TagCardRiskManagementDOL2, a.CDOL2)
	if len(a.CVMList) > 0 {
		r2 = emv.AppendTLV(r2, emv.TagCVMList, a.CVMList)
	}
	for _, d := range []struct {
		t emv.Tag
		v Hex
	}{
		{emv.TagApplicationUsageControl, a.AUC},
		{emv.TagApplicationVersionNumberCard, a.Version},
		{emv.TagIssuerActionCodeDefault, a.IACDefault},
		{emv.TagIssuerActionCodeDenial, a.IACDenial},
		{emv.TagIssuerActionCodeOnline, a.IACOnline},
		{emv.TagDynamicDataAuthenticationDOL, a.DDOL},
	} {
		if len(d.v) > 0 {
			r2 = emv.AppendTLV(r2, d.t, d.v)
		}
	}
	r2 = emv.AppendTLV(r2, emv.TagApplicationCurrencyCode, numeric2(a.CurrencyCode))
	if len(a.AIP) > 0 && a.AIP[0]&(aipSDA|aipDDA|aipCDA) != 0 {
		r2 = emv.AppendTLV(r2, emv.TagStaticDataAuthenticationTagList, []byte{0x82})
	}
	a.Records = append(a.Records, Record{SFI: 2, Number: 1, Data: r2})
	last := byte(1)

	k := a.Keys
	add := func(data []byte) {
		last++
		a.Records = append(a.Records, Record{SFI: 2, Number: int(last), Data: data})
	}
	if len(k.IssuerCertificate) > 0 {
		r := emv.AppendTLV(nil, emv.TagCAPublicKeyIndexCard, []byte{k.CAPublicKeyIndex})
		add(appendCertificate(r, emv.TagIssuerPublicKeyCertificate, k.IssuerCertificate,
			emv.TagIssuerPublicKeyExponent, k.IssuerExponent, emv.TagIssuerPublicKeyRemainder, k.IssuerRemainder))
	}
	if len(k.ICCCertificate) > 0 {
		add(appendCertificate(nil, emv.TagICCPublicKeyCertificate, k.ICCCertificate,
			emv.TagICCPublicKeyExponent, k.ICCExponent, emv.TagICCPublicKeyRemainder, k.ICCRemainder))
	}
	if len(k.SignedStaticData) > 0 {
		add(emv.AppendTLV(nil, emv.TagSignedStaticApplicationData, k.SignedStaticData))
	}
	afl = append(afl, 2<<3, 1, last, 1)
	a.AFL = afl
}

// ODARecords returns the records the AFL marks for offline data
// authentication, as (SFI, template 70 value) pairs in AFL order: the input
// of the static data to be authenticated (Book 3 §10.3).
func (a *Application) ODARecords() []Record {
	var out []Record
	for i := 0; i+4 <= len(a.AFL); i += 4 {
		sfi, first, n := int(a.AFL[i]>>3), int(a.AFL[i+1]), int(a.AFL[i+3])
		for r := first; r < first+n; r++ {
			if rec := findRecord(a.Records, sfi, r); rec != nil {
				out = append(out, *rec)
			}
		}
	}
	return out
}

// packDigits packs decimal digits two to a byte, padding an odd count with
// F (format n / cn).
func packDigits(s string) []byte {
	out := make([]byte, (len(s)+1)/2)
	for i := range out {
		out[i] = 0xFF
	}
	for i := 0; i < len(s); i++ {
		d := s[i] - '0'
		if s[i] == 'D' || s[i] == 'd' {
			d = 0xD
		}
		if i%2 == 0 {
			out[i/2] = d<<4 | out[i/2]&0x0F
		} else {
			out[i/2] = out[i/2]&0xF0 | d
		}
	}
	return out
}

// packPAN is the PAN in format cn: digits, F-padded.
func packPAN(pan string) []byte { return packDigits(pan) }

// numeric2 is a 3-digit ISO code as format n, 2 bytes.
func numeric2(v uint16) []byte {
	s := strconv.Itoa(int(v) % 10000)
	for len(s) < 4 {
		s = "0" + s
	}
	return packDigits(s)
}

// appendCertificate appends a public key certificate, its exponent and,
// when the key does not fit the certificate, its remainder.
func appendCertificate(dst []byte, certTag emv.Tag, cert []byte, expTag emv.Tag, exp []byte, remTag emv.Tag, rem []byte) []byte {
	dst = emv.AppendTLV(dst, certTag, cert)
	dst = emv.AppendTLV(dst, expTag, exp)
	if len(rem) > 0 {
		dst = emv.AppendTLV(dst, remTag, rem)
	}
	return dst
}

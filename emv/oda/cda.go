package oda

import (
	"crypto/sha1"

	"github.com/emvsim/emvsim/emv"
)

const (
	objCDA           = "combined DDA/AC generation"
	tagSDAD  emv.Tag = 0x9F4B
	tagCID   emv.Tag = 0x9F27
	cdaDDLen         = 1 + 8 + hashLen // CID, AC, transaction data hash code
)

// CDASignedData is what the card signs for CDA beside its ICC Dynamic
// Number (Book 2 §6.6.1, Table 19).
type CDASignedData struct {
	IDN                 []byte   // ICC Dynamic Number, 2-8 bytes
	CID                 byte     // Cryptogram Information Data (9F27)
	AC                  [8]byte  // Application Cryptogram, not otherwise in the response
	TransactionDataHash [20]byte // from TransactionDataHash
}

// TransactionDataHash is the Transaction Data Hash Code (Book 2 §6.6.1):
// SHA-1 over the PDOL data of GET PROCESSING OPTIONS, the CDOL1 data of the
// first GENERATE AC, the CDOL2 data of the second (nil for the first), and
// the data objects of the GENERATE AC response (the value of template 77)
// in their original order and encoding, 9F4B left out.
func TransactionDataHash(pdolData, cdol1Data, cdol2Data, response []byte) ([20]byte, error) {
	var sum [20]byte
	h := sha1.New()
	h.Write(pdolData)
	h.Write(cdol1Data)
	h.Write(cdol2Data)
	s := emv.NewScanner(response)
	for s.Next() {
		if o := s.Object(); o.Tag != tagSDAD {
			h.Write(o.Raw)
		}
	}
	if s.Err() != nil {
		return sum, fail(objCDA, ErrMalformedTLV)
	}
	h.Sum(sum[:0])
	return sum, nil
}

// SignCDA is the card's CDA signature in GENERATE AC (tag 9F4B): un is the
// terminal's Unpredictable Number (9F37) from CDOL1 or CDOL2.
func SignCDA(icc *PrivateKey, d CDASignedData, un []byte) ([]byte, error) {
	if len(d.IDN) < 2 || len(d.IDN) > 8 {
		return nil, fail(objCDA, ErrDynamicData)
	}
	dd := ICCDynamicData(d.IDN)
	dd = append(dd, d.CID)
	dd = append(dd, d.AC[:]...)
	dd = append(dd, d.TransactionDataHash[:]...)
	return SignDynamicData(icc, dd, un)
}

// VerifyCDA is the terminal's check of a GENERATE AC response with CDA
// (Book 2 §6.6.2), first or second: response is the value of template 77,
// un the Unpredictable Number sent, and the DOL data as sent (cdol2Data nil
// after the first GENERATE AC). It returns the signed content, whose AC the
// terminal sends online.
func VerifyCDA(icc PublicKey, response, un, pdolData, cdol1Data, cdol2Data []byte) (CDASignedData, error) {
	var out CDASignedData
	sdad, cid, err := cdaObjects(response)
	if err != nil {
		return out, err
	}
	dd, err := RecoverDynamicData(icc, sdad, un)
	if err != nil {
		return out, err
	}
	idn, rest, err := iccDynamicNumber(dd)
	if err != nil || len(rest) < cdaDDLen {
		return out, fail(objCDA, ErrDynamicData)
	}
	out.IDN = idn
	out.CID = rest[0]
	copy(out.AC[:], rest[1:9])
	copy(out.TransactionDataHash[:], rest[9:9+hashLen])
	if out.CID != cid {
		return CDASignedData{}, fail(objCDA, ErrCIDMismatch)
	}
	tdh, err := TransactionDataHash(pdolData, cdol1Data, cdol2Data, response)
	if err != nil {
		return CDASignedData{}, err
	}
	if tdh != out.TransactionDataHash {
		return CDASignedData{}, fail("transaction data hash", ErrHashMismatch)
	}
	return out, nil
}

// cdaObjects finds 9F4B and the one-byte 9F27 at the top level of response.
func cdaObjects(response []byte) (sdad []byte, cid byte, err error) {
	var haveCID bool
	s := emv.NewScanner(response)
	for s.Next() {
		o := s.Object()
		switch {
		case o.Tag == tagSDAD && sdad == nil:
			sdad = o.Value
		case o.Tag == tagCID && !haveCID && len(o.Value) == 1:
			cid, haveCID = o.Value[0], true
		}
	}
	if s.Err() != nil {
		return nil, 0, fail(objCDA, ErrMalformedTLV)
	}
	if sdad == nil || !haveCID {
		return nil, 0, fail(objCDA, ErrMissingObject)
	}
	return sdad, cid, nil
}

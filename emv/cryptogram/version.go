package cryptogram

import "fmt"

// ACKeyMethod is how the key that computes application cryptograms is
// obtained from the ICC master key MK-AC.
type ACKeyMethod uint8

// Application cryptogram key methods.
const (
	// ACKeyMaster uses MK-AC itself (Visa CVN 10, Amex AEIPS CVN 01).
	ACKeyMaster ACKeyMethod = iota + 1
	// ACKeyCommon is the EMV common session key, R = ATC || 00.. (A1.3.1).
	ACKeyCommon
	// ACKeyMastercard is the common derivation with R = ATC || 00 00 || UN.
	ACKeyMastercard
)

// ACData is what a version appends to terminal data || AIP || ATC.
type ACData uint8

// Cryptogram input tails.
const (
	ACDataCVR         ACData = iota + 1 // the CVR part of the IAD
	ACDataIAD                           // the whole IAD (9F10) value
	ACDataCVRCounters                   // the CVR and the counters of an M/Chip IAD
)

// SMKeyMethod is how secure-messaging session keys come from MK-SMI and
// MK-SMC.
type SMKeyMethod uint8

// Secure-messaging key methods.
const (
	// SMKeyVisa XORs the ATC into the master key ([SessionKeyVisaSM]).
	SMKeyVisa SMKeyMethod = iota + 1
	// SMKeyCommonARQC is the common derivation with R = ARQC (A1.3.1).
	SMKeyCommonARQC
)

// Encipherment is how script command data is enciphered (Book 2 §9.3).
type Encipherment uint8

// Command data encipherment methods.
const (
	// EncipherVisa prefixes the data with its length byte, pads with method 2
	// and enciphers in ECB mode.
	EncipherVisa Encipherment = iota + 1
	// EncipherCBC enciphers in CBC mode (zero IV) and pads with method 2
	// only when the data is not a whole number of blocks (M/Chip).
	EncipherCBC
	// EncipherCBCPadded always pads with method 2 and enciphers in CBC mode
	// (the EMV Common Core Definitions).
	EncipherCBCPadded
)

// ScriptPINBlock is the PIN block a PIN CHANGE/UNBLOCK command carries.
type ScriptPINBlock uint8

// Script PIN block formats.
const (
	// PINBlockVIS is the Visa/Amex block: length and PIN digits XORed with
	// bytes 5-8 of MK-AC, and with the current PIN when one is given.
	PINBlockVIS ScriptPINBlock = iota + 1
	// PINBlockISO2 is the ISO 9564-1 format 2 block.
	PINBlockISO2
)

// Version is a cryptogram version (CVN): everything card and issuer must
// agree on to compute the same cryptograms, ARPCs and script MACs. The named
// versions below cover the profiles of this simulator; other versions can be
// described by filling the fields.
type Version struct {
	Name string // human-readable name
	CVN  byte   // cryptogram version number carried in the IAD

	MasterKey MasterKeyOption // ICC master key derivation from the IMKs
	ACKey     ACKeyMethod     // key for cryptograms
	ACPadding Padding         // padding of the cryptogram input (TDES)
	// TerminalDataLen is how many leading bytes of the CDOL data the card
	// received go into the cryptogram: 29 for the Book 2 §8.1.1 minimum set
	// 9F02 9F03 9F1A 95 5F2A 9A 9C 9F37 at the head of CDOL1.
	TerminalDataLen int
	ACData          ACData    // what follows terminal data || AIP || ATC
	IAD             IADLayout // layout of the issuer application data

	ARPCMethod     uint8 // 1 or 2 (Book 2 §8.2)
	ARPCSessionKey bool  // ARPC under the cryptogram session key, not MK-AC

	SMKey            SMKeyMethod    // secure-messaging session keys
	SMMACWithATCARQC bool           // script MAC input carries ATC || ARQC after the header
	Encipherment     Encipherment   // script command data encipherment
	PINBlock         ScriptPINBlock // PIN block of PIN CHANGE/UNBLOCK
}

// Named cryptogram versions.
var (
	// VisaCVN10 is Visa CVN 10: Option A, cryptogram under MK-AC itself over
	// terminal data || AIP || ATC || CVR padded with zeros, ARPC method 1
	// under MK-AC, Visa secure messaging and the VIS PIN block.
	VisaCVN10 = Version{
		Name: "Visa CVN 10", CVN: 0x0A,
		MasterKey: OptionA, ACKey: ACKeyMaster, ACPadding: PaddingMethod1,
		TerminalDataLen: 29, ACData: ACDataCVR, IAD: IADVisa,
		ARPCMethod: 1,
		SMKey:      SMKeyVisa, SMMACWithATCARQC: true,
		Encipherment: EncipherVisa, PINBlock: PINBlockVIS,
	}
	// VisaCVN18 is Visa CVN 18: Option B, EMV common session key, input
	// terminal data || AIP || ATC || IAD with padding method 2, ARPC method 2
	// under the session key, Visa secure messaging and the VIS PIN block.
	VisaCVN18 = Version{
		Name: "Visa CVN 18", CVN: 0x12,
		MasterKey: OptionB, ACKey: ACKeyCommon, ACPadding: PaddingMethod2,
		TerminalDataLen: 29, ACData: ACDataIAD, IAD: IADVisa,
		ARPCMethod: 2, ARPCSessionKey: true,
		SMKey: SMKeyVisa, SMMACWithATCARQC: true,
		Encipherment: EncipherVisa, PINBlock: PINBlockVIS,
	}
	// MastercardCVN16 is M/Chip 4 style CVN 16 (10 hex): Option A,
	// Mastercard session key (ATC || 00 00 || UN), input terminal data ||
	// AIP || ATC || CVR with padding method 2, ARPC method 1 under MK-AC
	// itself (as pyemv, jPOS and an Atalla HSM simulator all compute it),
	// secure-messaging keys from the ARQC with ATC || ARQC in the script
	// MAC, CBC encipherment and the ISO 9564 format 2 PIN block.
	MastercardCVN16 = Version{
		Name: "Mastercard CVN 16", CVN: 0x10,
		MasterKey: OptionA, ACKey: ACKeyMastercard, ACPadding: PaddingMethod2,
		TerminalDataLen: 29, ACData: ACDataCVR, IAD: IADMChip,
		ARPCMethod: 1,
		SMKey:      SMKeyCommonARQC, SMMACWithATCARQC: true,
		Encipherment: EncipherCBC, PINBlock: PINBlockISO2,
	}
	// MastercardCVN17 is CVN 16 with the IAD counters in the cryptogram
	// input (CVN 11 hex).
	MastercardCVN17 = mastercardCVN17()
	// AmexCVN01 is the version of the American Express (AEIPS) profile,
	// CVN 01: the AEIPS cryptogram uses the ICC master key derived with
	// Option A directly, with no ATC-based session key (public HSM
	// interfaces derive the Amex ARQC key from PAN and PSN only), like Visa
	// CVN 10; so do its ARPC (method 1) and, in this simulator, its scripts
	// (Visa-style secure messaging and the VIS/Amex PIN block). The AEIPS
	// IAD layout is not public: the profile uses the Visa layout with CVN 01.
	AmexCVN01 = Version{
		Name: "American Express AEIPS CVN 01", CVN: 0x01,
		MasterKey: OptionA, ACKey: ACKeyMaster, ACPadding: PaddingMethod1,
		TerminalDataLen: 29, ACData: ACDataCVR, IAD: IADVisa,
		ARPCMethod: 1,
		SMKey:      SMKeyVisa, SMMACWithATCARQC: true,
		Encipherment: EncipherVisa, PINBlock: PINBlockVIS,
	}
)

// mastercardCVN17 is MastercardCVN16 with the counters in the input.
func mastercardCVN17() Version {
	v := MastercardCVN16
	v.Name, v.CVN, v.ACData = "Mastercard CVN 17", 0x11, ACDataCVRCounters
	return v
}

// String is the version's name.
func (v Version) String() string { return v.Name }

// ICCKeys are a card's three ICC master keys.
type ICCKeys struct {
	AC  Key // MK-AC: application cryptograms
	SMI Key // MK-SMI: secure messaging for integrity
	SMC Key // MK-SMC: secure messaging for confidentiality
}

// DeriveICCKeys derives the three ICC master keys of a card from the
// issuer master keys with the version's derivation option.
func (v Version) DeriveICCKeys(imkAC, imkSMI, imkSMC Key, pan string, psn byte) (ICCKeys, error) {
	var ks ICCKeys
	var err error
	if ks.AC, err = DeriveMasterKey(imkAC, v.MasterKey, pan, psn); err != nil {
		return ICCKeys{}, err
	}
	if ks.SMI, err = DeriveMasterKey(imkSMI, v.MasterKey, pan, psn); err != nil {
		return ICCKeys{}, err
	}
	if ks.SMC, err = DeriveMasterKey(imkSMC, v.MasterKey, pan, psn); err != nil {
		return ICCKeys{}, err
	}
	return ks, nil
}

// ACParams are the transaction data of one GENERATE AC, as both the card
// and the issuer see them.
type ACParams struct {
	// TerminalData is the CDOL1 (or CDOL2) data exactly as the card received
	// it; the version uses its first TerminalDataLen bytes.
	TerminalData []byte
	AIP          [2]byte // 82
	ATC          [2]byte // 9F36
	UN           [4]byte // 9F37, for the Mastercard session key
	IAD          []byte  // 9F10 value as the card returns it
}

// ACSessionKey returns the key the version computes cryptograms with.
func (v Version) ACSessionKey(mkAC Key, atc [2]byte, un [4]byte) (Key, error) {
	switch v.ACKey {
	case ACKeyMaster:
		return mkAC, nil
	case ACKeyCommon:
		return SessionKeyATC(mkAC, atc)
	case ACKeyMastercard:
		return SessionKeyMastercard(mkAC, atc, un)
	}
	return Key{}, ErrVersion
}

// AppendACInput appends the data the version MACs into a cryptogram,
// before padding: terminal data || AIP || ATC || the version's IAD part.
func (v Version) AppendACInput(dst []byte, p ACParams) ([]byte, error) {
	if v.TerminalDataLen < 0 || len(p.TerminalData) < v.TerminalDataLen {
		return dst, fmt.Errorf("%w: %d bytes of CDOL data, the version needs %d", ErrDataLength, len(p.TerminalData), v.TerminalDataLen)
	}
	dst = append(dst, p.TerminalData[:v.TerminalDataLen]...)
	dst = append(dst, p.AIP[:]...)
	dst = append(dst, p.ATC[:]...)
	switch v.ACData {
	case ACDataIAD:
		return append(dst, p.IAD...), nil
	case ACDataCVR:
		cvr, err := v.IAD.cvr(p.IAD)
		return append(dst, cvr...), err
	case ACDataCVRCounters:
		cvr, err := v.IAD.cvr(p.IAD)
		if err != nil {
			return dst, err
		}
		ctr, err := v.IAD.counters(p.IAD)
		dst = append(dst, cvr...)
		return append(dst, ctr...), err
	}
	return dst, ErrVersion
}

// ApplicationCryptogram computes the 8-byte cryptogram (ARQC, TC or AAC;
// the type is in the CVR) the card returns in 9F26. It derives the session
// key for this one call; [Version.NewSession] keeps it for a transaction.
func (v Version) ApplicationCryptogram(mkAC Key, p ACParams) ([8]byte, error) {
	s, err := v.session(mkAC, p.ATC, p.UN)
	if err != nil {
		return [8]byte{}, err
	}
	return s.ApplicationCryptogram(p)
}

// VerifyApplicationCryptogram recomputes the cryptogram and compares it with
// ac in constant time; a mismatch is ErrCryptogram.
func (v Version) VerifyApplicationCryptogram(mkAC Key, p ACParams, ac [8]byte) error {
	s, err := v.session(mkAC, p.ATC, p.UN)
	if err != nil {
		return err
	}
	return s.VerifyApplicationCryptogram(p, ac)
}

package emv

import "errors"

// Errors returned by the APDU codecs (ISO/IEC 7816-4 §5.1, short lengths).
var (
	ErrAPDUTooShort  = errors.New("emv: command APDU shorter than its 4-byte header")
	ErrAPDULength    = errors.New("emv: command APDU Lc/Le does not match its length")
	ErrAPDUExtended  = errors.New("emv: extended-length APDUs are not used by EMV")
	ErrResponseShort = errors.New("emv: response APDU shorter than its status word")
	ErrAPDUDataLong  = errors.New("emv: command data longer than 255 bytes")
)

// Command is a command APDU. Le is the number of response bytes expected:
// 0 means the Le field is absent and 256 is encoded as the Le byte 00.
type Command struct {
	CLA, INS, P1, P2 byte
	Data             []byte
	Le               int
}

// ParseCommand decodes a short command APDU of ISO/IEC 7816-4 case 1, 2, 3
// or 4. Data aliases b.
func ParseCommand(b []byte) (Command, error) {
	if len(b) < 4 {
		return Command{}, ErrAPDUTooShort
	}
	c := Command{CLA: b[0], INS: b[1], P1: b[2], P2: b[3]}
	body := b[4:]
	switch {
	case len(body) == 0: // case 1
		return c, nil
	case len(body) == 1: // case 2
		c.Le = leValue(body[0])
		return c, nil
	case body[0] == 0:
		// Lc 00 introduces an extended length; a lone 00 was case 2 above.
		return Command{}, ErrAPDUExtended
	}
	lc := int(body[0])
	switch len(body) {
	case 1 + lc: // case 3
		c.Data = body[1 : 1+lc : 1+lc]
	case 2 + lc: // case 4
		c.Data = body[1 : 1+lc : 1+lc]
		c.Le = leValue(body[1+lc])
	default:
		return Command{}, ErrAPDULength
	}
	return c, nil
}

func leValue(b byte) int {
	if b == 0 {
		return 256
	}
	return int(b)
}

// Append encodes the command after dst. It fails only when Data or Le do not
// fit short lengths.
func (c Command) Append(dst []byte) ([]byte, error) {
	if len(c.Data) > 255 {
		return dst, ErrAPDUDataLong
	}
	if c.Le < 0 || c.Le > 256 {
		return dst, ErrAPDULength
	}
	dst = append(dst, c.CLA, c.INS, c.P1, c.P2)
	if len(c.Data) > 0 {
		dst = append(dst, byte(len(c.Data)))
		dst = append(dst, c.Data...)
	}
	if c.Le > 0 {
		dst = append(dst, byte(c.Le)) // 256 wraps to 00
	}
	return dst, nil
}

// Bytes encodes the command, for callers that build commands they know fit.
func (c Command) Bytes() ([]byte, error) { return c.Append(make([]byte, 0, 5+len(c.Data)+1)) }

// Response is a response APDU: data followed by the status word.
type Response struct {
	Data []byte
	SW   SW
}

// ParseResponse splits b into data and status word. Data aliases b.
func ParseResponse(b []byte) (Response, error) {
	if len(b) < 2 {
		return Response{}, ErrResponseShort
	}
	n := len(b) - 2
	return Response{Data: b[:n:n], SW: SW(b[n])<<8 | SW(b[n+1])}, nil
}

// Err returns nil for 9000 and a *StatusError otherwise.
func (r Response) Err() error { return r.SW.Err() }

// Append encodes the response after dst.
func (r Response) Append(dst []byte) []byte {
	dst = append(dst, r.Data...)
	return append(dst, byte(r.SW>>8), byte(r.SW))
}

// Class bytes EMV commands use (Book 3 §6.3.2; secure messaging indication
// in b4–b3 as ISO/IEC 7816-4 §5.4.1 codes it).
const (
	CLAInterindustry byte = 0x00 // ISO/IEC 7816-4 commands: SELECT, READ RECORD, VERIFY, …
	CLAProprietary   byte = 0x80 // EMV-specific commands: GPO, GENERATE AC, GET DATA, …
	CLASecure        byte = 0x84 // proprietary with secure messaging: issuer script commands
	CLASecureHeader  byte = 0x8C // proprietary, secure messaging with the header authenticated
	CLASecureISO     byte = 0x0C // interindustry, secure messaging with the header authenticated
	CLASecureISOProp byte = 0x04 // interindustry, proprietary secure messaging format (UPDATE RECORD, PUT DATA in scripts)
)

// Instruction bytes of the EMV commands (Book 3 §6.5, Book 2 §9.3 for the
// post-issuance commands).
const (
	INSApplicationBlock     byte = 0x1E
	INSApplicationUnblock   byte = 0x18
	INSCardBlock            byte = 0x16
	INSExternalAuthenticate byte = 0x82
	INSGenerateAC           byte = 0xAE
	INSGetChallenge         byte = 0x84
	INSGetData              byte = 0xCA
	INSGetProcessingOptions byte = 0xA8
	INSInternalAuthenticate byte = 0x88
	INSPINChangeUnblock     byte = 0x24
	INSPutData              byte = 0xDA
	INSReadRecord           byte = 0xB2
	INSSelect               byte = 0xA4
	INSVerify               byte = 0x20
	INSGetResponse          byte = 0xC0
	INSUpdateRecord         byte = 0xDC
)

// Reference control parameter of GENERATE AC, P1 (Book 3 Table 12): the
// cryptogram type in b8–b7 and the CDA request in b5.
const (
	P1AAC        byte = 0x00 // application authentication cryptogram: decline
	P1TC         byte = 0x40 // transaction certificate: approve offline
	P1ARQC       byte = 0x80 // authorisation request cryptogram: go online
	P1CDA        byte = 0x10 // CDA signature requested
	P1ACTypeMask byte = 0xC0 // selects the cryptogram type bits
)

// Parameters of SELECT (Book 1 §11.3.2) and READ RECORD (Book 3 §6.5.11).
const (
	P1SelectByName    byte = 0x04 // select by DF name (AID or PSE name)
	P2SelectFirst     byte = 0x00 // first or only occurrence
	P2SelectNext      byte = 0x02 // next occurrence, for partial AID matching
	P2ReadRecordBySFI byte = 0x04 // low bits of READ RECORD P2: P1 is a record number
)

// P2 of VERIFY: the kind of PIN (Book 3 Table 25).
const (
	P2PlaintextPIN  byte = 0x80
	P2EncipheredPIN byte = 0x88
)

// insNames names the instructions for traces and errors.
var insNames = map[byte]string{
	INSApplicationBlock:     "APPLICATION BLOCK",
	INSApplicationUnblock:   "APPLICATION UNBLOCK",
	INSCardBlock:            "CARD BLOCK",
	INSExternalAuthenticate: "EXTERNAL AUTHENTICATE",
	INSGenerateAC:           "GENERATE AC",
	INSGetChallenge:         "GET CHALLENGE",
	INSGetData:              "GET DATA",
	INSGetProcessingOptions: "GET PROCESSING OPTIONS",
	INSInternalAuthenticate: "INTERNAL AUTHENTICATE",
	INSPINChangeUnblock:     "PIN CHANGE/UNBLOCK",
	INSPutData:              "PUT DATA",
	INSReadRecord:           "READ RECORD",
	INSSelect:               "SELECT",
	INSVerify:               "VERIFY",
	INSGetResponse:          "GET RESPONSE",
	INSUpdateRecord:         "UPDATE RECORD",
}

// INSName is the command name the books give an instruction byte, or its hex
// value ("INS 5A") when it is not an EMV command.
func INSName(ins byte) string {
	if n, ok := insNames[ins]; ok {
		return n
	}
	return "INS " + byteHex(ins)
}

// Commands of the EMV transaction flow as a terminal sends them (Book 3
// §6.5). Those that expect data carry Le 00, which the card answers with up
// to 256 bytes.

// SelectCommand selects an application or the PSE by DF name; next asks for
// the next application whose AID starts with name.
func SelectCommand(name []byte, next bool) Command {
	p2 := P2SelectFirst
	if next {
		p2 = P2SelectNext
	}
	return Command{CLA: CLAInterindustry, INS: INSSelect, P1: P1SelectByName, P2: p2, Data: name, Le: 256}
}

// ReadRecordCommand reads record number record of the file sfi.
func ReadRecordCommand(sfi, record byte) Command {
	return Command{CLA: CLAInterindustry, INS: INSReadRecord, P1: record, P2: sfi<<3 | P2ReadRecordBySFI, Le: 256}
}

// GetProcessingOptionsCommand carries the PDOL data in the command template
// 83 (an empty template when the card has no PDOL). It fails when the data
// do not fit one short APDU.
func GetProcessingOptionsCommand(pdolData []byte) (Command, error) {
	if len(pdolData) > 253 {
		return Command{}, ErrAPDUDataLong
	}
	data := AppendTLV(make([]byte, 0, 2+len(pdolData)), TagCommandTemplate, pdolData)
	return Command{CLA: CLAProprietary, INS: INSGetProcessingOptions, Data: data, Le: 256}, nil
}

// GenerateACCommand asks for a cryptogram: p1 is P1AAC, P1TC or P1ARQC,
// with P1CDA added for a CDA signature; data is the CDOL1 or CDOL2 data.
func GenerateACCommand(p1 byte, data []byte) Command {
	return Command{CLA: CLAProprietary, INS: INSGenerateAC, P1: p1, Data: data, Le: 256}
}

// GetDataCommand reads a data object such as the ATC (9F36), the last online
// ATC (9F13), the PIN Try Counter (9F17) or the Log Format (9F4F). P1–P2 are
// the two-byte tag; a one-byte tag goes in P2.
func GetDataCommand(t Tag) Command {
	return Command{CLA: CLAProprietary, INS: INSGetData, P1: byte(t >> 8), P2: byte(t), Le: 256}
}

// VerifyCommand presents PIN data: p2 is P2PlaintextPIN with a plaintext PIN
// block, or P2EncipheredPIN with the PIN block enciphered under the card's
// key.
func VerifyCommand(p2 byte, pinData []byte) Command {
	return Command{CLA: CLAInterindustry, INS: INSVerify, P2: p2, Data: pinData}
}

// GetChallengeCommand asks the card for an 8-byte unpredictable number.
func GetChallengeCommand() Command {
	return Command{CLA: CLAInterindustry, INS: INSGetChallenge, Le: 256}
}

// InternalAuthenticateCommand asks for DDA signed data over the DDOL data.
func InternalAuthenticateCommand(ddolData []byte) Command {
	return Command{CLA: CLAInterindustry, INS: INSInternalAuthenticate, Data: ddolData, Le: 256}
}

// ExternalAuthenticateCommand passes the issuer authentication data (91).
func ExternalAuthenticateCommand(issuerAuthData []byte) Command {
	return Command{CLA: CLAInterindustry, INS: INSExternalAuthenticate, Data: issuerAuthData}
}

package card

import "github.com/emvsim/emvsim/emv"

// contactIface is the contact chip as a reader sees it.
type contactIface struct{ c *Card }

// contactlessIface is the contactless chip as a reader sees it.
type contactlessIface struct{ c *Card }

// Contact returns the contact interface: power on for the ATR, then
// APDUs. It is the only face that accepts VERIFY, EXTERNAL AUTHENTICATE,
// the second GENERATE AC and issuer script commands.
func (c *Card) Contact() emv.PoweredTransport { return contactIface{c} }

// Contactless returns the contactless interface. The first command after
// another face was used starts a new tap (a new session); SELECT of the
// PPSE does too.
func (c *Card) Contactless() emv.Transport { return contactlessIface{c} }

// PowerOn activates the contact interface: it resets the session and
// returns the ATR (ISO/IEC 7816-3; EMV Book 1 §8).
func (t contactIface) PowerOn() ([]byte, error) {
	c := t.c
	c.mu.Lock()
	defer c.mu.Unlock()
	c.s.reset()
	c.s.face = faceContact
	return append([]byte(nil), c.atr()...), nil
}

// PowerOff deactivates the contact interface; the session is lost, the
// persistent state kept.
func (t contactIface) PowerOff() {
	c := t.c
	c.mu.Lock()
	c.s.reset()
	c.mu.Unlock()
}

// Transmit sends one command APDU to the contact chip.
func (t contactIface) Transmit(apdu []byte) ([]byte, error) {
	c := t.c
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.s.face != faceContact {
		return nil, ErrNotPowered
	}
	return c.transmit(apdu)
}

// Transmit sends one command APDU to the contactless chip.
func (t contactlessIface) Transmit(apdu []byte) ([]byte, error) {
	c := t.c
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.s.face != faceContactless {
		c.s.reset()
		c.s.face = faceContactless
	}
	return c.transmit(apdu)
}

// transmit runs one command: on a copy of the persistent state, committed
// with one assignment unless the command was refused or the power failed.
func (c *Card) transmit(apdu []byte) ([]byte, error) {
	c.work = c.state
	c.steps, c.torn, c.scriptFailed = 0, false, false
	sessionBefore := c.s
	c.out = c.out[:0]

	var sw emv.SW
	cmd, err := emv.ParseCommand(apdu)
	switch {
	case err != nil:
		sw = emv.SWWrongLength
	case c.work.CardBlocked && !(cmd.INS == emv.INSGetResponse && cmd.CLA == 0):
		sw = emv.SWFunctionNotSupported // a blocked card (Book 3 §6.5.3) answers 6A81
	default:
		sw = c.dispatch(cmd)
	}

	if c.torn || (c.tear != nil && c.tear(c.steps+1)) {
		// The power failed before the commit: the state stays as it was.
		c.s.reset()
		return nil, ErrPowerLost
	}
	if commits(sw) {
		c.state = c.work
	} else {
		// A refused command changes nothing, volatile state included —
		// except the note that a script command failed, which this
		// transaction's CVR reports.
		c.s = sessionBefore
		c.out = c.out[:0]
		if cmd.INS != emv.INSGetResponse {
			c.s.pendingN = 0 // T=0 data wait only for the next command
		}
	}
	if c.scriptFailed {
		c.s.scriptBad = true
		c.scriptFailed = false
	}
	if c.challengeUsed {
		c.s.challengeOK = false
		c.challengeUsed = false
	}
	return c.respond(cmd, err == nil, sw), nil
}

// commits reports whether a command ending with sw keeps its writes: a
// success (61xx: more data waiting), a warning, a failed verification (the
// try counter is the point) and a failed issuer authentication
// (remembered for the next transaction).
func commits(sw emv.SW) bool {
	switch {
	case sw == emv.SWSuccess, sw == emv.SWSelectedFileInvalidated, sw == emv.SWAuthenticationFailed:
		return true
	case sw&0xFFF0 == emv.SWCounter, sw.SW1() == 0x61:
		return true
	}
	return false
}

// w returns the working copy of the persistent state for a write. Each call
// is one step of the command's persistent writes, where the tearing test can
// cut the power.
func (c *Card) w() *nvm {
	c.steps++
	if c.tear != nil && !c.torn && c.tear(c.steps) {
		c.torn = true
	}
	return &c.work
}

// dispatch checks the class and calls the command's method (Book 3 §6.3.2
// for the classes, §6.5 for the commands).
func (c *Card) dispatch(cmd emv.Command) emv.SW {
	if cmd.CLA&0x03 != 0 {
		return emv.SWLogicalChannelUnsupported
	}
	if cmd.INS != emv.INSGetResponse {
		c.s.pendingN = 0
	}
	k := commands[cmd.INS]
	secureCLA := cmd.CLA == emv.CLASecure || cmd.CLA == emv.CLASecureISO || cmd.CLA == claSecureInterindustry
	switch {
	case cmd.CLA != emv.CLAInterindustry && cmd.CLA != emv.CLAProprietary && !secureCLA:
		return emv.SWCLANotSupported
	case k.run == nil && !k.script:
		return emv.SWINSNotSupported
	case k.run != nil && cmd.CLA == k.class:
		return k.run(c, cmd)
	case k.script && secureCLA:
		return c.script(cmd)
	case k.script && cmd.CLA == emv.CLAProprietary:
		// A post-issuance command without secure messaging.
		return emv.SWSMDataObjectsIncorrect
	}
	return emv.SWCLANotSupported
}

// command is how the card takes one instruction: run in its class, or,
// for a post-issuance command, only with secure messaging through script.
// The zero command is an instruction the card does not know.
type command struct {
	class  byte // CLAInterindustry or CLAProprietary
	run    func(*Card, emv.Command) emv.SW
	script bool // a post-issuance command
}

// commands are the instructions the card implements, by INS (Book 3 §6.5
// and Book 1 §11 for the interindustry ones).
var commands = [256]command{
	emv.INSSelect:               {emv.CLAInterindustry, (*Card).selectFile, false},
	emv.INSReadRecord:           {emv.CLAInterindustry, (*Card).readRecord, false},
	emv.INSGetResponse:          {emv.CLAInterindustry, (*Card).getResponse, false},
	emv.INSVerify:               {emv.CLAInterindustry, (*Card).verify, false},
	emv.INSGetChallenge:         {emv.CLAInterindustry, (*Card).getChallenge, false},
	emv.INSInternalAuthenticate: {emv.CLAInterindustry, (*Card).internalAuthenticate, false},
	emv.INSExternalAuthenticate: {emv.CLAInterindustry, (*Card).externalAuthenticate, false},
	emv.INSGetProcessingOptions: {emv.CLAProprietary, (*Card).getProcessingOptions, false},
	emv.INSGenerateAC:           {emv.CLAProprietary, (*Card).generateAC, false},
	emv.INSGetData:              {emv.CLAProprietary, (*Card).getData, false},
	emv.INSPINChangeUnblock:     {emv.CLAProprietary, nil, true},
	emv.INSApplicationBlock:     {emv.CLAProprietary, nil, true},
	emv.INSApplicationUnblock:   {emv.CLAProprietary, nil, true},
	emv.INSCardBlock:            {emv.CLAProprietary, nil, true},
	emv.INSPutData:              {emv.CLAProprietary, nil, true},
}

// respond encodes the response. With T=1 (and on the contactless face) it
// is the data and the status word. With T=0 (ISO/IEC 7816-3 §10.3.5, EMV
// Book 1 §9.3.1) a command that sends data and gets data back answers 61xx
// and keeps the data for GET RESPONSE, and a command that only gets data
// back answers 6Cxx when its Le is not the length of the data.
func (c *Card) respond(cmd emv.Command, parsed bool, sw emv.SW) []byte {
	data := c.out
	if c.profile.Protocol == T0 && c.s.face == faceContact && parsed && len(data) > 0 &&
		cmd.INS != emv.INSGetResponse {
		switch {
		case len(cmd.Data) > 0 || sw != emv.SWSuccess:
			// Case 4, or a warning: the data wait for GET RESPONSE.
			c.s.pendingN = copy(c.s.pending[:], data)
			c.s.pendSW = uint16(sw)
			if sw != emv.SWSuccess {
				return []byte{sw.SW1(), sw.SW2()}
			}
			return []byte{0x61, byte(len(data))}
		case cmd.Le != len(data):
			// Case 2 with the wrong Le: tell the right one; nothing is
			// lost, the command can be sent again.
			return []byte{0x6C, byte(len(data))}
		}
	}
	r := make([]byte, 0, len(data)+2)
	r = append(r, data...)
	return append(r, sw.SW1(), sw.SW2())
}

// getResponse returns data a T=0 command left waiting.
func (c *Card) getResponse(cmd emv.Command) emv.SW {
	if cmd.P1 != 0 || cmd.P2 != 0 {
		return emv.SWIncorrectP1P2
	}
	n := c.s.pendingN
	if n == 0 || c.s.face != faceContact {
		return emv.SWConditionsNotSatisfied
	}
	le := cmd.Le
	if le == 0 || le > n {
		// Wrong Le: 6Cxx tells the length waiting (00 for 256).
		return emv.SW(0x6C00 | uint16(byte(n)))
	}
	c.out = append(c.out, c.s.pending[:le]...)
	rest := n - le
	copy(c.s.pending[:], c.s.pending[le:n])
	c.s.pendingN = rest
	if rest > 0 {
		return emv.SW(0x6100 | uint16(byte(rest)))
	}
	// The last part carries the command's own status word (a warning such
	// as 6283 for a blocked application's FCI).
	return emv.SW(c.s.pendSW)
}

package card

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
)

// stateMagic starts a saved state; the digit is the format version.
var stateMagic = [8]byte{'E', 'M', 'V', 'C', 'A', 'R', 'D', '1'}

// SaveState returns the card's persistent state — counters, PIN, try
// counter, flags, log — so that a test can carry a card to the next day
// with [Restore]. The bytes include the PIN: keep them as secret as the
// profile. The session (selection, transaction in progress) is not saved: a
// saved card is a card taken out of the reader.
func (c *Card) SaveState() ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.encodeState(c.state)
}

// Restore makes a card from its profile and a state SaveState returned for
// a card of the same profile. A state that is malformed, was changed, or
// belongs to another profile is ErrState.
func Restore(p Profile, state []byte, opts ...Option) (*Card, error) {
	c, err := New(p, opts...)
	if err != nil {
		return nil, err
	}
	s, err := c.decodeState(state)
	if err != nil {
		return nil, err
	}
	c.state = s
	return c, nil
}

// profileDigest binds a saved state to its profile.
func profileDigest(p *Profile) [16]byte {
	b, _ := json.Marshal(p)
	h := sha256.Sum256(b)
	var d [16]byte
	copy(d[:], h[:])
	return d
}

// encodeState is magic ‖ profile digest ‖ the state in a fixed binary
// layout ‖ SHA-256 of all that, truncated to 16 bytes.
func (c *Card) encodeState(s nvm) ([]byte, error) {
	var buf bytes.Buffer
	buf.Write(stateMagic[:])
	buf.Write(c.digest[:])
	buf.Write(s.appendBinary(make([]byte, 0, nvmSize)))
	sum := sha256.Sum256(buf.Bytes())
	buf.Write(sum[:16])
	return buf.Bytes(), nil
}

// nvmSize is the length of the binary layout of nvm.
const nvmSize = 12 + 3 + MaxApplications*(2+2+1+2+1+8+4+1+maxLog*logEntryMax+2)

// appendBinary writes the state in a fixed big-endian layout, field by
// field in declaration order, booleans as 00 or 01.
func (s *nvm) appendBinary(b []byte) []byte {
	b = append(b, s.PIN[:]...)
	b = append(b, s.PINLen, s.PINTries, b2u(s.CardBlocked))
	for i := range s.Apps {
		a := &s.Apps[i]
		b = binary.BigEndian.AppendUint16(b, a.ATC)
		b = binary.BigEndian.AppendUint16(b, a.LastOnlineATC)
		b = append(b, b2u(a.Blocked), a.LCOL, a.UCOL, a.OfflineCount)
		b = binary.BigEndian.AppendUint64(b, uint64(a.OfflineAmount))
		b = append(b, b2u(a.IssuerAuthFailed), b2u(a.IssuerAuthNotPerformed), b2u(a.OnlineNotCompleted), b2u(a.ODAFailed), a.ScriptCount)
		for k := range a.Log {
			b = append(b, a.Log[k][:]...)
		}
		b = append(b, a.LogNext, a.LogCount)
	}
	return b
}

// parseBinary reads appendBinary's layout; b has exactly nvmSize bytes.
func (s *nvm) parseBinary(b []byte) bool {
	ok := true
	flag := func(v byte) bool {
		if v > 1 {
			ok = false
		}
		return v == 1
	}
	copy(s.PIN[:], b)
	b = b[12:]
	s.PINLen, s.PINTries, s.CardBlocked = b[0], b[1], flag(b[2])
	b = b[3:]
	for i := range s.Apps {
		a := &s.Apps[i]
		a.ATC = binary.BigEndian.Uint16(b)
		a.LastOnlineATC = binary.BigEndian.Uint16(b[2:])
		a.Blocked, a.LCOL, a.UCOL, a.OfflineCount = flag(b[4]), b[5], b[6], b[7]
		a.OfflineAmount = int64(binary.BigEndian.Uint64(b[8:]))
		a.IssuerAuthFailed, a.IssuerAuthNotPerformed = flag(b[16]), flag(b[17])
		a.OnlineNotCompleted, a.ODAFailed, a.ScriptCount = flag(b[18]), flag(b[19]), b[20]
		b = b[21:]
		for k := range a.Log {
			copy(a.Log[k][:], b)
			b = b[logEntryMax:]
		}
		a.LogNext, a.LogCount = b[0], b[1]
		b = b[2:]
	}
	return ok
}

func b2u(v bool) byte {
	if v {
		return 1
	}
	return 0
}

// decodeState checks and decodes a saved state.
func (c *Card) decodeState(b []byte) (nvm, error) {
	var s nvm
	if len(b) != len(stateMagic)+16+nvmSize+16 || !bytes.Equal(b[:8], stateMagic[:]) {
		return nvm{}, fmt.Errorf("%w: wrong length or format", ErrState)
	}
	body := b[:len(b)-16]
	sum := sha256.Sum256(body)
	if !bytes.Equal(sum[:16], b[len(b)-16:]) {
		return nvm{}, fmt.Errorf("%w: checksum", ErrState)
	}
	if !bytes.Equal(c.digest[:], b[8:24]) {
		return nvm{}, fmt.Errorf("%w: saved for another profile", ErrState)
	}
	if !s.parseBinary(body[24:]) {
		return nvm{}, fmt.Errorf("%w: flag neither 00 nor 01", ErrState)
	}
	if err := c.checkState(&s); err != nil {
		return nvm{}, err
	}
	return s, nil
}

// checkState refuses states a real card could not be in.
func (c *Card) checkState(s *nvm) error {
	bad := func(what string) error { return fmt.Errorf("%w: %s", ErrState, what) }
	if s.PINLen != 0 && (s.PINLen < 4 || s.PINLen > 12) {
		return bad("PIN length")
	}
	for k := range s.PIN {
		if s.PIN[k] > 9 || (k >= int(s.PINLen) && s.PIN[k] != 0) {
			return bad("PIN digits")
		}
	}
	if int(s.PINTries) > tryLimit(&c.profile) || (s.PINLen == 0 && s.PINTries != 0) {
		return bad("PIN try counter")
	}
	for i := range s.Apps {
		a := &s.Apps[i]
		if i >= len(c.profile.Applications) {
			if *a != (appNVM{}) {
				return bad("state for a missing application")
			}
			continue
		}
		n := c.profile.Applications[i].LogEntries
		if int(a.LogCount) > n || (n > 0 && int(a.LogNext) >= n) || (n == 0 && a.LogNext != 0) {
			return bad("transaction log")
		}
		if a.LastOnlineATC > a.ATC || a.OfflineAmount < 0 || a.ScriptCount > maxScriptCount {
			return bad("counters")
		}
	}
	return nil
}

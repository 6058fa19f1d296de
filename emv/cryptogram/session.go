package cryptogram

import "fmt"

// Session is the cryptogram key of one transaction, derived once from MK-AC
// for one ATC (and, for Mastercard-style versions, one unpredictable
// number) with its key schedules expanded, so that the first and second
// GENERATE AC, the issuer's check of the ARQC and its ARPC do not each
// derive it again. Deriving a TDES session key costs two crypto/des key
// schedules, more than all the blocks of a cryptogram; a Session pays them
// once per transaction.
//
// A Session holds key material: its String does not show it. The zero
// Session is not usable.
type Session struct {
	v    Version
	mkAC Key
	sk   Key // the version's cryptogram key, with its schedules
	atc  [2]byte
	un   [4]byte
}

// NewSession derives the version's cryptogram key for a transaction.
func (v Version) NewSession(mkAC Key, atc [2]byte, un [4]byte) (Session, error) {
	s, err := v.session(mkAC, atc, un)
	if err != nil {
		return Session{}, err
	}
	if s.sk.c == nil {
		s.sk = s.sk.withSchedules()
	}
	return s, nil
}

// session derives the key without expanding its schedules into a lasting
// form: the one-shot Version methods use it and allocate no more than the
// two DES ciphers of the MAC.
func (v Version) session(mkAC Key, atc [2]byte, un [4]byte) (Session, error) {
	sk, err := v.ACSessionKey(mkAC, atc, un)
	if err != nil {
		return Session{}, err
	}
	return Session{v: v, mkAC: mkAC, sk: sk, atc: atc, un: un}, nil
}

// For reports whether the session is the one for this ATC and unpredictable
// number (the number counts only when the version's key depends on it).
func (s Session) For(atc [2]byte, un [4]byte) bool {
	if s.v.ACKey == 0 || s.atc != atc {
		return false
	}
	return s.v.ACKey != ACKeyMastercard || s.un == un
}

// String names the version and the ATC, never key bytes.
func (s Session) String() string {
	return fmt.Sprintf("cryptogram.Session(%s, ATC %02X%02X)", s.v.Name, s.atc[0], s.atc[1])
}

// check refuses transaction data of another transaction.
func (s Session) check(atc [2]byte, un [4]byte) error {
	if s.v.ACKey == 0 {
		return ErrVersion
	}
	if !s.For(atc, un) {
		return fmt.Errorf("%w: ATC %02X%02X is not the session's %02X%02X (or its unpredictable number differs)",
			ErrSession, atc[0], atc[1], s.atc[0], s.atc[1])
	}
	return nil
}

// ApplicationCryptogram computes the 8-byte cryptogram (ARQC, TC or AAC;
// the type is in the CVR) the card returns in 9F26. p's ATC and UN must be
// the session's.
func (s Session) ApplicationCryptogram(p ACParams) ([8]byte, error) {
	if err := s.check(p.ATC, p.UN); err != nil {
		return [8]byte{}, err
	}
	var buf [256]byte
	in, err := s.v.AppendACInput(buf[:0], p)
	if err != nil {
		return [8]byte{}, err
	}
	return mac8(s.sk, in, s.v.ACPadding)
}

// VerifyApplicationCryptogram recomputes the cryptogram and compares it with
// ac in constant time; a mismatch is ErrCryptogram.
func (s Session) VerifyApplicationCryptogram(p ACParams, ac [8]byte) error {
	want, err := s.ApplicationCryptogram(p)
	if err != nil {
		return err
	}
	if !equal(want[:], ac[:]) {
		return ErrCryptogram
	}
	return nil
}

// arpcKey is MK-AC or the cryptogram session key, as the version says.
func (s Session) arpcKey() Key {
	if s.v.ARPCSessionKey {
		return s.sk
	}
	return s.mkAC
}

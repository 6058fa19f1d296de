package cryptogram

import "fmt"

// ARPCParams are the inputs of issuer authentication for one ARQC.
type ARPCParams struct {
	ARQC [8]byte // 9F26 of the first GENERATE AC
	ATC  [2]byte // 9F36
	UN   [4]byte // 9F37, for Mastercard session keys
	// ARC is the Authorisation Response Code of method 1, e.g. "00" as 30 30.
	ARC [2]byte
	// CSU and ProprietaryAuthData (up to 8 bytes) are the method 2 inputs.
	CSU                 [4]byte
	ProprietaryAuthData []byte
}

// IssuerResponse is what issuer authentication data carries besides the ARPC.
type IssuerResponse struct {
	ARC                 [2]byte // method 1
	CSU                 [4]byte // method 2
	ProprietaryAuthData []byte  // method 2
}

// arpcSession is the session issuer authentication needs: the cryptogram
// session key is derived only when the version computes the ARPC under it.
func (v Version) arpcSession(mkAC Key, atc [2]byte, un [4]byte) (Session, error) {
	if v.ARPCSessionKey {
		return v.session(mkAC, atc, un)
	}
	if v.ACKey == 0 {
		return Session{}, ErrVersion
	}
	return Session{v: v, mkAC: mkAC, atc: atc, un: un}, nil
}

// AppendIssuerAuthenticationData appends the value of tag 91 the issuer
// returns: ARPC || ARC (method 1) or ARPC || CSU || proprietary data
// (method 2).
func (v Version) AppendIssuerAuthenticationData(dst []byte, mkAC Key, p ARPCParams) ([]byte, error) {
	s, err := v.arpcSession(mkAC, p.ATC, p.UN)
	if err != nil {
		return dst, err
	}
	return s.AppendIssuerAuthenticationData(dst, p)
}

// VerifyIssuerAuthenticationData checks the ARPC in data (the value of tag
// 91 that EXTERNAL AUTHENTICATE or the second GENERATE AC brings) against the
// card's ARQC, ATC and UN in p, in constant time, and returns the ARC or CSU
// it carries. p's ARC, CSU and proprietary data are ignored.
func (v Version) VerifyIssuerAuthenticationData(mkAC Key, p ARPCParams, data []byte) (IssuerResponse, error) {
	s, err := v.arpcSession(mkAC, p.ATC, p.UN)
	if err != nil {
		return IssuerResponse{}, err
	}
	return s.VerifyIssuerAuthenticationData(p, data)
}

// AppendIssuerAuthenticationData is [Version.AppendIssuerAuthenticationData]
// under the session's keys; p's ATC and UN must be the session's.
func (s Session) AppendIssuerAuthenticationData(dst []byte, p ARPCParams) ([]byte, error) {
	if err := s.check(p.ATC, p.UN); err != nil {
		return dst, err
	}
	k := s.arpcKey()
	switch s.v.ARPCMethod {
	case 1:
		arpc, err := ARPCMethod1(k, p.ARQC, p.ARC)
		if err != nil {
			return dst, err
		}
		dst = append(dst, arpc[:]...)
		return append(dst, p.ARC[:]...), nil
	case 2:
		arpc, err := ARPCMethod2(k, p.ARQC, p.CSU, p.ProprietaryAuthData)
		if err != nil {
			return dst, err
		}
		dst = append(dst, arpc[:]...)
		dst = append(dst, p.CSU[:]...)
		return append(dst, p.ProprietaryAuthData...), nil
	}
	return dst, ErrVersion
}

// VerifyIssuerAuthenticationData is [Version.VerifyIssuerAuthenticationData]
// under the session's keys; p's ATC and UN must be the session's.
func (s Session) VerifyIssuerAuthenticationData(p ARPCParams, data []byte) (IssuerResponse, error) {
	var r IssuerResponse
	if err := s.check(p.ATC, p.UN); err != nil {
		return r, err
	}
	k := s.arpcKey()
	switch s.v.ARPCMethod {
	case 1:
		if len(data) != 10 {
			return r, fmt.Errorf("%w: issuer authentication data of %d bytes, want 10", ErrDataLength, len(data))
		}
		copy(r.ARC[:], data[8:])
		want, err := ARPCMethod1(k, p.ARQC, r.ARC)
		if err != nil {
			return IssuerResponse{}, err
		}
		if !equal(want[:], data[:8]) {
			return IssuerResponse{}, ErrARPC
		}
		return r, nil
	case 2:
		if len(data) < 8 || len(data) > 16 {
			return r, fmt.Errorf("%w: issuer authentication data of %d bytes, want 8 to 16", ErrDataLength, len(data))
		}
		copy(r.CSU[:], data[4:8])
		want, err := ARPCMethod2(k, p.ARQC, r.CSU, data[8:])
		if err != nil {
			return IssuerResponse{}, err
		}
		if !equal(want[:], data[:4]) {
			return IssuerResponse{}, ErrARPC
		}
		if len(data) > 8 {
			r.ProprietaryAuthData = append([]byte(nil), data[8:]...)
		}
		return r, nil
	}
	return r, ErrVersion
}

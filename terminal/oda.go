package terminal

import (
	"errors"
	"fmt"

	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/oda"
)

// odaMethod is the offline data authentication the terminal performs.
type odaMethod int

const (
	odaNone odaMethod = iota
	odaSDA
	odaDDA
	odaCDA
)

func (m odaMethod) String() string {
	return [...]string{"none", "SDA", "DDA", "CDA"}[m]
}

var (
	errODAData = errors.New("ICC data for offline data authentication missing")
	errNoCA    = errors.New("certification authority public key not held by the terminal")
)

// offlineDataAuthentication chooses CDA, else DDA, else SDA by what both
// card (AIP) and terminal (9F33) support and performs it; CDA's signature
// is checked at GENERATE AC (Book 3 §10.3, Book 2 §5–6).
func (k *transaction) offlineDataAuthentication() error {
	k.trace.decision(StepODA, "offline data authentication")
	caps, _ := emv.ParseTerminalCapabilities(k.data[emv.TagTerminalCapabilities])
	switch {
	case k.aip.Has(emv.AIPCDASupported) && caps.Has(emv.TermCapCDA):
		k.odaMethod = odaCDA
	case k.aip.Has(emv.AIPDDASupported) && caps.Has(emv.TermCapDDA):
		k.odaMethod = odaDDA
	case k.aip.Has(emv.AIPSDASupported) && caps.Has(emv.TermCapSDA):
		k.odaMethod = odaSDA
	default:
		k.setTVR(emv.TVROfflineDataAuthenticationNotPerformed)
		k.trace.decisionf("no ODA method both card and terminal support: TVR 'offline data authentication was not performed'")
		return nil
	}
	k.setTSI(emv.TSIOfflineDataAuthenticationPerformed)
	var err error
	var failBit emv.TVRBit
	switch k.odaMethod {
	case odaSDA:
		k.setTVR(emv.TVRSDASelected)
		failBit, err = emv.TVRSDAFailed, k.sda()
	case odaDDA:
		failBit, err = emv.TVRDDAFailed, k.dda()
	case odaCDA:
		// Key recovery now; the signature comes with GENERATE AC.
		failBit, err = emv.TVRCDAFailed, k.recoverICCKey()
	}
	if k.halted != nil {
		return k.halted
	}
	if err != nil {
		if errors.Is(err, errODAData) {
			k.setTVR(emv.TVRICCDataMissing)
		}
		k.setTVR(failBit)
		k.trace.decisionf("%s failed: %v: TVR '%s'", k.odaMethod, err, failBit)
		return nil
	}
	if k.odaMethod == odaCDA {
		k.trace.decisionf("CDA selected: ICC public key recovered, signature to be checked at GENERATE AC")
	} else {
		k.trace.decisionf("%s successful", k.odaMethod)
	}
	return nil
}

// need returns the card data objects for ODA, or errODAData naming the
// first missing one.
func (k *transaction) need(tags ...emv.Tag) ([][]byte, error) {
	out := make([][]byte, len(tags))
	for i, t := range tags {
		v, ok := k.data[t]
		if !ok || len(v) == 0 {
			return nil, fmt.Errorf("%w: %s", errODAData, t)
		}
		out[i] = v
	}
	return out, nil
}

// recoverIssuerKey looks up the CA key (RID of the AID, index 8F) and
// recovers the issuer public key (Book 2 §5.3, §6.3).
func (k *transaction) recoverIssuerKey() (oda.PublicKey, error) {
	if k.issuerKey != nil {
		return *k.issuerKey, nil
	}
	v, err := k.need(emv.TagCAPublicKeyIndexCard, emv.TagIssuerPublicKeyCertificate, emv.TagIssuerPublicKeyExponent)
	if err != nil {
		return oda.PublicKey{}, err
	}
	if k.cfg.CAKeys == nil || len(k.aid) < 5 || len(v[0]) != 1 {
		return oda.PublicKey{}, errNoCA
	}
	var rid oda.RID
	copy(rid[:], k.aid[:5])
	ca, err := k.cfg.CAKeys.Lookup(rid, v[0][0])
	if err != nil {
		return oda.PublicKey{}, errNoCA
	}
	cert, err := oda.RecoverIssuerKey(ca, v[1], k.data[emv.TagIssuerPublicKeyRemainder], v[2],
		k.data[emv.TagApplicationPAN], k.now, k.cfg.Revoked)
	if err != nil {
		return oda.PublicKey{}, err
	}
	k.issuerKey = &cert.Key
	return cert.Key, nil
}

// staticData is the static data to be authenticated (Book 3 §10.3).
func (k *transaction) staticData() ([]byte, error) {
	return oda.StaticData(k.odaRecords, k.data[emv.TagStaticDataAuthenticationTagList], k.aip[:])
}

// recoverICCKey recovers the ICC public key (Book 2 §6.4) for DDA and CDA.
func (k *transaction) recoverICCKey() error {
	issuer, err := k.recoverIssuerKey()
	if err != nil {
		return err
	}
	v, err := k.need(emv.TagICCPublicKeyCertificate, emv.TagICCPublicKeyExponent)
	if err != nil {
		return err
	}
	sd, err := k.staticData()
	if err != nil {
		return err
	}
	cert, err := oda.RecoverICCKey(issuer, v[0], k.data[emv.TagICCPublicKeyRemainder], v[1], sd, k.data[emv.TagApplicationPAN], k.now)
	if err != nil {
		return err
	}
	k.iccKey = &cert.Key
	return nil
}

// sda verifies the signed static application data 93 (Book 2 §5.4).
func (k *transaction) sda() error {
	if _, err := k.need(emv.TagSignedStaticApplicationData); err != nil {
		return err
	}
	issuer, err := k.recoverIssuerKey()
	if err != nil {
		return err
	}
	sd, err := k.staticData()
	if err != nil {
		return err
	}
	dac, err := oda.VerifySDA(issuer, k.data[emv.TagSignedStaticApplicationData], sd)
	if err != nil {
		return err
	}
	k.data[emv.TagDataAuthenticationCode] = dac[:]
	return nil
}

// dda sends INTERNAL AUTHENTICATE with the DDOL data and verifies the
// signed dynamic application data (Book 2 §6.5, Book 3 §6.5.9).
func (k *transaction) dda() error {
	if err := k.recoverICCKey(); err != nil {
		return err
	}
	ddol, ok := k.data[emv.TagDynamicDataAuthenticationDOL]
	if !ok {
		ddol = k.app.DDOL
		if ddol == nil {
			ddol = k.cfg.DefaultDDOL
		}
		if ddol == nil {
			return fmt.Errorf("%w: no DDOL on the card and no default DDOL", errODAData)
		}
		k.trace.decisionf("card has no DDOL: using the default DDOL %X", ddol)
	}
	list, err := emv.ParseDOL(ddol)
	if err != nil || !dolHas(list, emv.TagUnpredictableNumber) {
		return errors.New("DDOL does not ask for the unpredictable number 9F37")
	}
	data, err := k.buildDOL(ddol)
	if err != nil {
		return err
	}
	resp, err := k.exchange("INTERNAL AUTHENTICATE", emv.InternalAuthenticateCommand(data))
	if err != nil {
		k.halted = err
		return err
	}
	if !resp.SW.OK() {
		return fmt.Errorf("INTERNAL AUTHENTICATE answered %s", resp.SW)
	}
	sdad, err := signedDynamicData(resp.Data)
	if err != nil {
		return err
	}
	idn, err := oda.VerifyDDA(*k.iccKey, sdad, data)
	if err != nil {
		return err
	}
	k.data[emv.TagICCDynamicNumber] = idn
	return nil
}

func dolHas(d emv.DOL, t emv.Tag) bool {
	for _, e := range d {
		if e.Tag == t {
			return true
		}
	}
	return false
}

// signedDynamicData takes 9F4B out of an INTERNAL AUTHENTICATE response:
// format 1 (80 holding only the SDAD) or format 2 (77 holding 9F4B).
func signedDynamicData(b []byte) ([]byte, error) {
	objs, err := emv.ParseObjects(b)
	if err != nil || len(objs) != 1 {
		return nil, errors.New("INTERNAL AUTHENTICATE response is not one data object")
	}
	switch objs[0].Tag {
	case emv.TagResponseMessageTemplateFormat1:
		return objs[0].Value, nil
	case emv.TagResponseMessageTemplateFormat2:
		o, ok, err := emv.Find(objs[0].Value, emv.TagSignedDynamicApplicationData)
		if err != nil || !ok {
			return nil, fmt.Errorf("%w: 9F4B", errODAData)
		}
		return o.Value, nil
	}
	return nil, errors.New("INTERNAL AUTHENTICATE response template is neither 80 nor 77")
}

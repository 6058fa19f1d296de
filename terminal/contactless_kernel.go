package terminal

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/oda"
)

// initiate sends GET PROCESSING OPTIONS with the PDOL data (Book C-3 §5.2,
// Book C-4 §5.3). It reports false when the card answers 6985 and the next
// candidate must be selected (Book B "Select Next"); 6984 asks for another
// interface and 6986 for another tap after the cardholder looked at the
// phone.
func (p *tap) initiate() (bool, error) {
	k := p.k
	k.trace.stepf(StepInitiate, "initiate application processing, TTQ %X", p.pre.ttq[:])
	resp, err := k.getProcessingOptions()
	if err != nil {
		return false, err
	}
	switch resp.SW {
	case emv.SWSuccess:
	case emv.SWConditionsNotSatisfied:
		k.trace.decisionf("GPO: conditions of use not satisfied (6985): next candidate")
		return false, nil
	case emv.SWReferenceDataNotUsable:
		return false, &halt{result: otherInterface(p.readers), reason: "the card asks for another interface (6984)"}
	case emv.SW(0x6986):
		return false, &halt{result: TryAgain, reason: "see the phone for instructions, then tap again (6986)"}
	default:
		return false, terminate("GET PROCESSING OPTIONS answered %s", resp.SW)
	}
	if err := p.parseGPO(resp.Data); err != nil {
		return false, err
	}
	k.trace.decisionf("AIP %X", k.aip[:])
	return true, nil
}

// parseGPO takes format 1 (AIP and AFL) as the contact kernel does, and
// format 2 whose AFL is optional: a one-tap card may have nothing more to
// read.
func (p *tap) parseGPO(b []byte) error {
	k := p.k
	objs, err := emv.ParseObjects(b)
	if err != nil || len(objs) != 1 {
		return terminate("GPO response is not one data object")
	}
	if objs[0].Tag != emv.TagResponseMessageTemplateFormat2 {
		aip, _, err := k.parseGPO(b)
		k.aip = aip
		return err
	}
	if err := k.storeTemplate(objs[0], "GPO"); err != nil {
		return err
	}
	aip, ok := k.data[emv.TagApplicationInterchangeProfile]
	if !ok || len(aip) != 2 {
		k.setTVR(emv.TVRICCDataMissing)
		return terminate("GPO response lacks the AIP (82)")
	}
	copy(k.aip[:], aip)
	if afl, ok := k.data[emv.TagApplicationFileLocator]; ok {
		if _, err := emv.ParseAFL(afl); err != nil {
			return terminate("AFL %X is invalid", afl)
		}
	}
	return nil
}

// readRecords reads what the AFL lists, keeping the records for offline
// data authentication byte for byte; then the card may leave the field.
// A contactless card needs no CDOLs: the mandatory data are the PAN and
// expiry date, from the records or the track 2 equivalent data.
func (p *tap) readRecords() error {
	k := p.k
	err := k.readAFLRecords(func(sfi, rec byte, forODA bool, raw []byte) error {
		objs, err := emv.ParseObjects(raw)
		if err != nil || len(objs) != 1 || objs[0].Tag != emv.TagReadRecordResponseTemplate {
			return terminate("record SFI %d record %d is not a template 70", sfi, rec)
		}
		if forODA {
			k.collectODA(sfi, raw)
		}
		return p.storeRecord(objs[0])
	})
	if err != nil {
		return err
	}
	if err := p.panAndExpiry(); err != nil {
		return err
	}
	k.trace.decisionf("card read complete: the card may leave the field")
	return nil
}

// storeRecord keeps a record's data objects. A card that repeats in its
// records an object of its GPO response with the same value (the track 2
// equivalent data, typically) is tolerated with a note; a repeated object
// with another value is redundant data and ends the tap (Book 3 §10.2).
func (p *tap) storeRecord(rec emv.Object) error {
	k := p.k
	s := rec.Children()
	for s.Next() {
		o := s.Object()
		if o.Tag.Constructed() {
			continue
		}
		if k.fromRecords[o.Tag] {
			if !bytes.Equal(k.data[o.Tag], o.Value) {
				return terminate("record repeats data object %s with another value (redundant data)", o.Tag)
			}
			k.trace.decisionf("record repeats %s with the same value: ignored", o.Tag)
			continue
		}
		k.fromRecords[o.Tag] = true
		k.storeCard(o.Tag, o.Value)
	}
	if s.Err() != nil {
		return terminate("record is malformed: %v", s.Err())
	}
	return nil
}

// panAndExpiry completes 5A and 5F24 from the track 2 equivalent data when
// the card gave only that (Book C-3 §5.3).
func (p *tap) panAndExpiry() error {
	k := p.k
	t2, err := emv.ParseTrack2Equivalent(k.data[emv.TagTrack2EquivalentData])
	has57 := err == nil && len(k.data[emv.TagTrack2EquivalentData]) > 0
	if _, ok := k.data[emv.TagApplicationPAN]; !ok && has57 {
		if pan, err := emv.AppendCN(nil, t2.PAN, (len(t2.PAN)+1)/2); err == nil {
			k.data[emv.TagApplicationPAN] = pan
		}
	}
	if _, ok := k.data[emv.TagApplicationExpirationDate]; !ok && has57 {
		if d, err := emv.AppendCN(nil, t2.Expiry+"31", 3); err == nil {
			k.data[emv.TagApplicationExpirationDate] = d
		}
	}
	for _, t := range []emv.Tag{emv.TagApplicationPAN, emv.TagApplicationExpirationDate} {
		if _, ok := k.data[t]; !ok {
			k.setTVR(emv.TVRICCDataMissing)
			return terminate("ICC data missing: %s absent", t)
		}
	}
	if _, err := emv.ParseCN(k.data[emv.TagApplicationPAN]); err != nil {
		return terminate("PAN (5A) is not compressed numeric")
	}
	return nil
}

// process continues after GET PROCESSING OPTIONS: the records, then the
// one-tap flow when the card already returned its cryptogram, else
// GENERATE AC.
func (p *tap) process() error {
	k := p.k
	if err := p.readRecords(); err != nil {
		return err
	}
	if v := k.data[emv.TagCardTransactionQualifiers]; len(v) == 2 {
		p.ctq, p.hasCTQ = emv.CTQ{v[0], v[1]}, true
		k.trace.decisionf("CTQ %X: %s", v, p.ctq)
	}
	cid, hasCID := k.data[emv.TagCryptogramInformationData]
	if _, hasAC := k.data[emv.TagApplicationCryptogram]; hasAC && hasCID && len(cid) == 1 {
		return p.oneTap(cid[0])
	}
	return p.generateAC()
}

// oneTap handles a cryptogram returned by GET PROCESSING OPTIONS (Book C-3
// §5.4–5.8): processing restrictions, fDDA for an offline approval, CVM by
// the CTQ, then the outcome: offline approval, decline, or an online
// request.
func (p *tap) oneTap(cid byte) error {
	k := p.k
	p.cryptoTVR = k.tvr
	if cid&0xC0 == 0xC0 {
		return terminate("card returned %s", cryptogramName(cid))
	}
	k.cid = cid
	got := CryptogramType(cid & 0xC0)
	k.setTSI(emv.TSICardRiskManagementPerformed)
	k.trace.decision(StepCardActionAnalysis, fmt.Sprintf("the card returned %s (CID %02X) in its GPO response", got, cid))
	if got == AAC {
		return p.declineOffline("declined offline by the card (AAC)")
	}
	if err := p.switchForCash(); err != nil {
		return err
	}
	expired := p.expired()
	if got == TC {
		if expired {
			if !p.onlineAllowed(p.hasCTQ && p.ctq.Has(emv.CTQGoOnlineIfApplicationExpired)) {
				return p.declineOffline("application expired")
			}
			p.forceOnline = true
			k.trace.decisionf("application expired, CTQ: go online")
		}
		if err := p.fdda(); err != nil {
			k.setTVR(emv.TVRDDAFailed)
			k.trace.decisionf("fDDA failed: %v", err)
			switch {
			case p.onlineAllowed(p.hasCTQ && p.ctq.Has(emv.CTQGoOnlineIfODAFails)):
				p.forceOnline = true
				k.trace.decisionf("CTQ: go online when offline data authentication fails")
			case p.hasCTQ && p.ctq.Has(emv.CTQSwitchInterfaceIfODAFails) && p.readers.Contact:
				return &halt{result: InsertCard, reason: "fDDA failed and the card asks for the contact interface: insert the card"}
			default:
				return p.declineOffline("fDDA failed")
			}
		} else {
			k.trace.decisionf("fDDA verified")
		}
	} else if len(k.data[emv.TagSignedDynamicApplicationData]) > 0 && p.pre.ttq.Has(emv.TTQODAForOnlineAuthorisationSupported) {
		if err := p.fdda(); err != nil {
			k.trace.decisionf("fDDA of the online cryptogram failed (%v): the issuer decides", err)
		} else {
			k.trace.decisionf("fDDA of the online cryptogram verified")
		}
	}
	if err := p.cardholderVerification(); err != nil {
		return err
	}
	if got == ARQC || p.forceOnline {
		return p.online()
	}
	k.arc = []byte("Y1")
	k.data[emv.TagAuthorisationResponseCode] = k.arc
	k.result, k.reason = Approved, "approved offline by the card (TC)"
	k.trace.decisionf("%s", k.reason)
	return nil
}

// switchForCash follows the CTQ's "switch interface for cash (cashback)
// transactions" where the terminal has a contact reader.
func (p *tap) switchForCash() error {
	cash := p.k.tx.Type == Cash && p.ctq.Has(emv.CTQSwitchInterfaceForCash)
	cashback := p.k.tx.Type == PurchaseWithCashback && p.ctq.Has(emv.CTQSwitchInterfaceForCashback)
	if p.hasCTQ && (cash || cashback) && p.readers.Contact {
		return &halt{result: InsertCard, reason: "the card takes cash only over the contact interface (CTQ): insert the card"}
	}
	return nil
}

// onlineAllowed reports whether a card's "go online" request can be
// followed: the reader must be online capable.
func (p *tap) onlineAllowed(cardAsks bool) bool {
	return cardAsks && !p.pre.ttq.Has(emv.TTQOfflineOnlyReader) && p.k.cfg.Type.OnlineCapable()
}

func (p *tap) declineOffline(why string) error {
	k := p.k
	k.arc = []byte("Z1")
	k.data[emv.TagAuthorisationResponseCode] = k.arc
	return &halt{result: Declined, reason: why}
}

// expired checks the application expiration date 5F24 against the
// transaction date.
func (p *tap) expired() bool {
	k := p.k
	exp, err := emv.ParseDate(k.data[emv.TagApplicationExpirationDate])
	if err != nil {
		return false
	}
	today, err := emv.ParseDate(k.data[emv.TagTransactionDate])
	if err != nil || !today.After(exp) {
		return false
	}
	k.setTVR(emv.TVRExpiredApplication)
	return true
}

var errFDDA = errors.New("fDDA data missing")

// fdda verifies the signature the card returned with its cryptogram (fDDA
// version 01): the ICC key from the certificates, then the SDAD over the
// unpredictable number, amount, currency and card authentication related
// data 9F69 (emv/oda).
func (p *tap) fdda() error {
	k := p.k
	k.setTSI(emv.TSIOfflineDataAuthenticationPerformed)
	if err := k.recoverICCKey(); err != nil {
		return err
	}
	sdad := k.data[emv.TagSignedDynamicApplicationData]
	card := k.data[emv.TagCardAuthenticationRelatedData]
	un, amount, cur := k.data[emv.TagUnpredictableNumber], k.data[emv.TagAmountAuthorised], k.data[emv.TagTransactionCurrencyCode]
	if len(sdad) == 0 || len(card) == 0 || card[0] != oda.FDDAVersion || len(un) != 4 || len(amount) != 6 || len(cur) != 2 {
		return errFDDA
	}
	_, err := oda.VerifyFDDA(*k.iccKey, sdad, oda.FDDATerminalData([4]byte(un), [6]byte(amount), [2]byte(cur), card))
	return err
}

// cardholderVerification decides the CVM of a tap. Below the reader CVM
// required limit there is none. At or above it the CTQ decides (Book C-3
// §5.7): online PIN when the card requires it and the reader supports it,
// a consumer device CVM the card reports (confirmed by the signed 9F69
// where present), signature; without a usable CTQ, kernel 4 works through
// the card's CVM list with the contactless CVMs (no offline PIN) and
// kernel 3 takes signature, else online PIN. Nothing possible sends the
// cardholder to the chip.
func (p *tap) cardholderVerification() error {
	k := p.k
	k.trace.decision(StepCVM, "cardholder verification")
	if !p.pre.cvmRequired {
		k.cvm = emv.CVMNoCVMRequired
		k.setCVMResults(emv.NewCVMResults(emv.CVMMethod(emv.CVMNoCVMRequired), emv.CVMConditionAlways, emv.CVMResultSuccessful))
		k.trace.decisionf("amount below the reader CVM required limit: no CVM")
		return nil
	}
	ttq := p.pre.ttq
	switch {
	case p.hasCTQ && p.ctq.Has(emv.CTQOnlinePINRequired) && ttq.Has(emv.TTQOnlinePINSupported):
		ok, why := k.onlinePIN()
		if !ok {
			return p.noCVM("CTQ online PIN required: " + why)
		}
		p.verified(emv.CVMOnlinePIN, emv.CVMResultUnknown, "CTQ online PIN required: "+why)
		p.forceOnline = true
		return nil
	case p.hasCTQ && p.ctq.Has(emv.CTQConsumerDeviceCVMPerformed):
		// fDDA signs 9F69, which repeats the CTQ: a CDCVM claim the signed
		// copy does not carry is not believed.
		if card := k.data[emv.TagCardAuthenticationRelatedData]; len(card) >= 7 && !bytes.Equal(card[5:7], p.ctq[:]) {
			return p.declineOffline("consumer device CVM claimed by the CTQ but not by the card authentication related data")
		}
		k.cvm = emv.CVMNotAvailable
		k.setCVMResults(emv.NewCVMResults(emv.CVMNoCVMPerformed, emv.CVMConditionAlways, emv.CVMResultSuccessful))
		k.trace.decisionf("CTQ: consumer device CVM performed on the cardholder's device")
		return nil
	case p.hasCTQ && p.ctq.Has(emv.CTQSignatureRequired) && ttq.Has(emv.TTQSignatureSupported):
		p.verified(emv.CVMSignature, emv.CVMResultUnknown, "CTQ signature required")
		return nil
	case p.kernel == KernelAmex:
		if err := k.cardholderVerification(); err != nil {
			return err
		}
		if k.tvr.Has(emv.TVRCardholderVerificationNotSuccessful) || k.cvm == emv.CVMNotAvailable {
			return p.noCVM("no rule of the card's CVM list can be performed contactless")
		}
		if k.cvm == emv.CVMOnlinePIN {
			p.forceOnline = true
		}
		return nil
	case ttq.Has(emv.TTQSignatureSupported):
		p.verified(emv.CVMSignature, emv.CVMResultUnknown, "CVM required, no CTQ CVM: signature")
		return nil
	case ttq.Has(emv.TTQOnlinePINSupported):
		ok, why := k.onlinePIN()
		if !ok {
			return p.noCVM(why)
		}
		p.verified(emv.CVMOnlinePIN, emv.CVMResultUnknown, "CVM required, no CTQ CVM: "+why)
		p.forceOnline = true
		return nil
	}
	return p.noCVM("neither online PIN nor signature at this reader")
}

func (p *tap) verified(c emv.CVMCode, r emv.CVMResult, why string) {
	k := p.k
	k.cvm = c
	k.signature = c.NeedsSignature()
	k.setCVMResults(emv.NewCVMResults(emv.CVMMethod(c), emv.CVMConditionAlways, r))
	k.trace.decisionf("%s → CVM Results %X", why, k.cvmResults[:])
}

// noCVM ends a tap whose required CVM cannot be performed: to the chip
// where the terminal has a contact reader, declined otherwise.
func (p *tap) noCVM(why string) error {
	p.k.setTVR(emv.TVRCardholderVerificationNotSuccessful)
	if p.readers.Contact {
		return &halt{result: InsertCard, reason: "cardholder verification required: " + why + ": insert the card"}
	}
	return p.declineOffline("cardholder verification required: " + why)
}

// generateAC is the flow of a card that returns no cryptogram in its GPO
// response (Book C-4 §6): offline data authentication as the contact
// kernel chooses it (CDA preferred), processing restrictions, CVM, the
// reader floor limit, terminal action analysis and one GENERATE AC, with
// CDA when selected. There is no second GENERATE AC: the card has left.
func (p *tap) generateAC() error {
	k := p.k
	if err := k.offlineDataAuthentication(); err != nil {
		return err
	}
	if err := k.processingRestrictions(); err != nil {
		return err
	}
	if err := p.cardholderVerification(); err != nil {
		return err
	}
	k.trace.decision(StepRiskManagement, "reader risk management")
	if p.pre.floorExceeded {
		k.setTVR(emv.TVRTransactionExceedsFloorLimit)
		k.trace.decisionf("amount above the reader contactless floor limit %d: TVR 'transaction exceeds floor limit'", p.cfg.FloorLimit)
	}
	k.setTSI(emv.TSITerminalRiskManagementPerformed)
	request := k.terminalActionAnalysis()
	if p.forceOnline && request == TC {
		request = ARQC
	}
	p.cryptoTVR = k.tvr
	if err := k.cardActionAnalysis(request); err != nil {
		return err
	}
	switch CryptogramType(k.cid & 0xC0) {
	case ARQC:
		return p.online()
	case TC:
		k.arc = []byte("Y1")
		k.result, k.reason = Approved, "approved offline by the card (TC)"
	default:
		k.arc = []byte("Z1")
		k.result, k.reason = Declined, "declined offline by the card (AAC)"
		if k.actionReason != "" {
			k.reason = "declined offline: " + k.actionReason
		}
	}
	k.data[emv.TagAuthorisationResponseCode] = k.arc
	k.trace.decisionf("%s", k.reason)
	return nil
}

// contactlessICCData are the reader data objects a contactless request
// carries in DE55 beside the contact kernel's list.
var contactlessICCData = []emv.Tag{
	emv.TagTerminalTransactionQualifiers, emv.TagCardTransactionQualifiers,
	emv.TagFormFactorIndicator, emv.TagCardAuthenticationRelatedData,
}

// online sends the authorisation request (POS entry mode 07) and ends the
// tap with the issuer's decision. The response's issuer authentication
// data and scripts are not delivered: the card has left the field (Book
// C-3 §5.9), so no PIN is ever written over the air.
func (p *tap) online() error {
	k := p.k
	k.trace.decision(StepOnline, "online processing")
	reported := k.data[emv.TagTerminalVerificationResults]
	k.data[emv.TagTerminalVerificationResults] = p.cryptoTVR[:]
	icc := k.iccData(requestICCData)
	k.data[emv.TagTerminalVerificationResults] = reported
	icc = append(icc, k.iccData(contactlessICCData)...)
	resp, err := k.t.host.Authorize(k.chipRequest(icc))
	clear(k.pinBlock)
	if err != nil {
		k.trace.decisionf("unable to go online: %v", err)
		k.arc = []byte("Z3")
		k.data[emv.TagAuthorisationResponseCode] = k.arc
		return &halt{result: Declined, reason: "unable to go online: a tap cannot be completed offline after the card asked for the issuer"}
	}
	code := k.answered(resp)
	for _, t := range []emv.Tag{emv.TagIssuerAuthenticationData, emv.TagIssuerScriptTemplate1, emv.TagIssuerScriptTemplate2} {
		if _, ok := findTop(resp.ICCData, t); ok {
			k.trace.decisionf("%s in the response not delivered: the card has left the field", t)
		}
	}
	k.issuerDecides(code)
	return nil
}

package terminal

import (
	"github.com/emvsim/emvsim/emv"
)

// finishOffline ends a transaction whose first GENERATE AC gave a TC or an
// AAC: approved or declined offline (Book 3 §10.8), with the Y1 or Z1 code
// recorded.
func (k *transaction) finishOffline() error {
	if k.cid&0xC0 == byte(TC) {
		k.arc = []byte("Y1")
		k.result, k.reason = Approved, "approved offline by the card"
	} else {
		k.arc = []byte("Z1")
		k.result, k.reason = Declined, "declined offline by the card"
		if k.actionReason != "" {
			k.reason = "declined offline: " + k.actionReason
		}
	}
	k.data[emv.TagAuthorisationResponseCode] = k.arc
	k.trace.decisionf("%s", k.reason)
	return nil
}

// completion sends the second GENERATE AC with the CDOL2 data: a TC when
// the issuer (or the default action analysis) approves, an AAC otherwise
// (Book 3 §10.11).
func (k *transaction) completion() error {
	if k.halted != nil {
		return k.halted
	}
	approve := emv.ResponseCode(k.arc).Approved() || string(k.arc) == "Y3"
	request := AAC
	if approve {
		request = TC
	}
	k.trace.decision(StepCompletion, "completion: second GENERATE AC requesting "+request.String())
	data, err := k.cdolData(emv.TagCardRiskManagementDOL2)
	if err != nil {
		return err
	}
	resp, cda, err := k.generateAC(request, data)
	if err != nil {
		return err
	}
	cdaFailed := false
	if cda && k.cid&0xC0 == byte(TC) {
		if err := k.verifyCDA(resp, data); err != nil {
			k.setTVR(emv.TVRCDAFailed)
			k.trace.decisionf("CDA signature of the second GENERATE AC does not verify (%v): TVR 'CDA failed', declined", err)
			k.cid = byte(AAC)
			cdaFailed = true
		}
	}
	switch {
	case cdaFailed:
		k.result, k.reason = Declined, "CDA failed on the second GENERATE AC"
	case k.cid&0xC0 == byte(TC):
		k.result = Approved
		if k.online {
			k.reason = "approved online by the issuer (" + string(k.arc) + ")"
		} else {
			k.reason = "unable to go online, approved offline (Y3)"
		}
	case !k.online:
		k.result, k.reason = Declined, "unable to go online, declined offline ("+string(k.arc)+"): "+k.actionReason
	case approve:
		k.result, k.reason = Declined, "the issuer approved but the card declined"
	default:
		k.result, k.reason = Declined, "declined by the issuer ("+string(k.arc)+")"
	}
	k.trace.decisionf("%s", k.reason)
	return nil
}

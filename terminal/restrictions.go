package terminal

import (
	"bytes"
	"time"

	"github.com/emvsim/emvsim/emv"
)

// processingRestrictions checks the card's application against the
// terminal: application version, usage control and dates (Book 3 §10.4).
func (k *transaction) processingRestrictions() error {
	k.trace.decision(StepRestrictions, "processing restrictions")
	k.checkVersion()
	k.checkUsageControl()
	k.checkDates()
	return nil
}

// checkVersion compares 9F08 with the terminal's versions (§10.4.1). An
// absent 9F08 means the versions are compatible.
func (k *transaction) checkVersion() {
	card, ok := k.data[emv.TagApplicationVersionNumberCard]
	if !ok || len(k.app.Versions) == 0 {
		return
	}
	for _, v := range k.app.Versions {
		if bytes.Equal(card, v[:]) {
			return
		}
	}
	k.setTVR(emv.TVRICCAndTerminalDifferentVersions)
	k.trace.decisionf("card application version %X is not the terminal's: TVR 'ICC and terminal have different application versions'", card)
}

// isATM reports a financial institution's unattended terminal that can
// dispense cash (Book 3 §10.4.2 with Book 4 Annex A1 and A3).
func (k *transaction) isATM() bool {
	t := k.cfg.Type
	return t.OperatedBy() == emv.TerminalOperatorFinancialInstitution && t.Unattended() && k.cfg.AdditionalCapabilities.Has(emv.AddTermCapCash)
}

// checkUsageControl applies the application usage control 9F07 (§10.4.2).
func (k *transaction) checkUsageControl() {
	v, ok := k.data[emv.TagApplicationUsageControl]
	if !ok {
		return
	}
	auc, err := emv.ParseAUC(v)
	if err != nil {
		return
	}
	if k.isATM() && !auc.Has(emv.AUCATMs) || !k.isATM() && !auc.Has(emv.AUCNonATMTerminals) {
		k.serviceNotAllowed("the card is not valid at this kind of terminal")
		return
	}
	issuerCountry, ok := k.data[emv.TagIssuerCountryCode]
	if !ok {
		return
	}
	domestic := bytes.Equal(issuerCountry, k.data[emv.TagTerminalCountryCode])
	pick := func(dom, intl emv.AUCBit) bool {
		if domestic {
			return auc.Has(dom)
		}
		return auc.Has(intl)
	}
	switch k.tx.Type {
	case Cash:
		if !pick(emv.AUCDomesticCash, emv.AUCInternationalCash) {
			k.serviceNotAllowed("cash is not allowed")
		}
	case Purchase, PurchaseWithCashback, Refund:
		if !pick(emv.AUCDomesticGoods, emv.AUCInternationalGoods) && !pick(emv.AUCDomesticServices, emv.AUCInternationalServices) {
			k.serviceNotAllowed("goods and services are not allowed")
			return
		}
		if k.tx.Type == PurchaseWithCashback && !pick(emv.AUCDomesticCashbackAllowed, emv.AUCInternationalCashbackAllowed) {
			k.serviceNotAllowed("cashback is not allowed")
		}
	}
}

func (k *transaction) serviceNotAllowed(why string) {
	k.setTVR(emv.TVRServiceNotAllowed)
	k.trace.decisionf("application usage control: %s: TVR 'requested service not allowed for card product'", why)
}

// checkDates compares the effective and expiry dates with today (§10.4.3).
func (k *transaction) checkDates() {
	today := time.Date(k.now.Year(), k.now.Month(), k.now.Day(), 0, 0, 0, 0, time.UTC)
	if v, ok := k.data[emv.TagApplicationEffectiveDate]; ok {
		d, err := emv.ParseDate(v)
		if err != nil || d.After(today) {
			k.setTVR(emv.TVRApplicationNotYetEffective)
			k.trace.decisionf("effective date %X is after today: TVR 'application not yet effective'", v)
		}
	}
	v := k.data[emv.TagApplicationExpirationDate]
	d, err := emv.ParseDate(v)
	if err != nil || d.Before(today) {
		k.setTVR(emv.TVRExpiredApplication)
		k.trace.decisionf("expiry date %X is before today: TVR 'expired application'", v)
	}
}

package terminal

import (
	"encoding/binary"
	"io"

	"github.com/emvsim/emvsim/emv"
)

// terminalRiskManagement performs Book 3 §10.6 when the AIP asks for it:
// exception file, floor limit, random selection and velocity checking;
// merchant-forced online is recorded in any case.
func (k *transaction) terminalRiskManagement() error {
	k.trace.decision(StepRiskManagement, "terminal risk management")
	if k.tx.ForceOnline {
		k.setTVR(emv.TVRMerchantForcedOnline)
		k.trace.decisionf("merchant forces the transaction online: TVR 'merchant forced transaction online'")
	}
	if !k.aip.Has(emv.AIPTerminalRiskManagementToBePerformed) {
		k.trace.decisionf("AIP does not ask for terminal risk management: skipped")
		return nil
	}
	k.setTSI(emv.TSITerminalRiskManagementPerformed)
	k.exceptionFile()
	k.floorLimit()
	if err := k.randomSelection(); err != nil {
		return err
	}
	k.velocity()
	return k.halted
}

func (k *transaction) exceptionFile() {
	pan, err := emv.ParseCN(k.data[emv.TagApplicationPAN])
	if err != nil {
		return
	}
	for _, p := range k.cfg.ExceptionFile {
		if p == pan {
			k.setTVR(emv.TVRCardOnExceptionFile)
			k.trace.decisionf("PAN is on the exception file: TVR 'card appears on terminal exception file'")
			return
		}
	}
}

// floorLimit compares the amount with the terminal floor limit (§10.6.1).
func (k *transaction) floorLimit() {
	if k.tx.Amount >= k.cfg.FloorLimit {
		k.setTVR(emv.TVRTransactionExceedsFloorLimit)
		k.trace.decisionf("amount %d is not below the floor limit %d: TVR 'transaction exceeds floor limit'", k.tx.Amount, k.cfg.FloorLimit)
	}
}

// randomSelection selects transactions below the floor limit for online
// processing with the configured probability, rising linearly between the
// threshold and the floor limit (§10.6.2). Offline-only terminals skip it.
func (k *transaction) randomSelection() error {
	rs := k.cfg.RandomSelection
	if !k.cfg.Type.OnlineCapable() || k.tx.Amount >= k.cfg.FloorLimit || rs.TargetPercent == 0 && rs.MaxTargetPercent == 0 {
		return nil
	}
	var b [2]byte
	if _, err := io.ReadFull(k.cfg.Rand, b[:]); err != nil {
		return terminate("random source failed")
	}
	n := int(binary.BigEndian.Uint16(b[:]))%99 + 1 // 1 to 99
	target := rs.TargetPercent
	if k.tx.Amount >= rs.Threshold && k.cfg.FloorLimit > rs.Threshold {
		target += int(int64(rs.MaxTargetPercent-rs.TargetPercent) * (k.tx.Amount - rs.Threshold) / (k.cfg.FloorLimit - rs.Threshold))
	}
	if n <= target {
		k.setTVR(emv.TVRRandomlySelectedForOnline)
		k.trace.decisionf("random number %d ≤ target %d%%: TVR 'transaction selected randomly for online processing'", n, target)
	}
	return nil
}

// velocity compares the offline transactions since the last online one
// with the card's lower and upper consecutive offline limits, and sets
// "new card" when the last online ATC register is zero (§10.6.3).
func (k *transaction) velocity() {
	lcol, okL := k.data[emv.TagLowerConsecutiveOfflineLimit]
	ucol, okU := k.data[emv.TagUpperConsecutiveOfflineLimit]
	if !okL || !okU || len(lcol) != 1 || len(ucol) != 1 {
		return
	}
	atc, ok1 := k.getData(emv.TagApplicationTransactionCounter)
	last, ok2 := k.getData(emv.TagLastOnlineATCRegister)
	if k.halted != nil {
		return
	}
	if !ok1 || !ok2 || len(atc) != 2 || len(last) != 2 {
		k.setTVR(emv.TVRLowerConsecutiveOfflineLimitExceeded)
		k.setTVR(emv.TVRUpperConsecutiveOfflineLimitExceeded)
		k.trace.decisionf("ATC or last online ATC not available: TVR 'lower' and 'upper consecutive offline limit exceeded'")
		return
	}
	a, l := int(binary.BigEndian.Uint16(atc)), int(binary.BigEndian.Uint16(last))
	diff := a - l
	if diff > int(lcol[0]) {
		k.setTVR(emv.TVRLowerConsecutiveOfflineLimitExceeded)
		k.trace.decisionf("%d offline transactions > LCOL %d: TVR 'lower consecutive offline limit exceeded'", diff, lcol[0])
	}
	if diff > int(ucol[0]) {
		k.setTVR(emv.TVRUpperConsecutiveOfflineLimitExceeded)
		k.trace.decisionf("%d offline transactions > UCOL %d: TVR 'upper consecutive offline limit exceeded'", diff, ucol[0])
	}
	if l == 0 {
		k.setTVR(emv.TVRNewCard)
		k.trace.decisionf("last online ATC register is 0: TVR 'new card'")
	}
}

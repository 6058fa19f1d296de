package terminal

import (
	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/oda"
)

// mandatoryRecordData are the data objects every application must give in
// its records (Book 3 §10.2 and §7.2).
var mandatoryRecordData = []emv.Tag{
	emv.TagApplicationExpirationDate,
	emv.TagApplicationPAN,
	emv.TagCardRiskManagementDOL1,
	emv.TagCardRiskManagementDOL2,
}

// readApplicationData reads the records the AFL lists (Book 3 §10.2),
// keeps the ones marked for offline data authentication byte for byte and
// checks mandatory and redundant data.
func (k *transaction) readApplicationData() error {
	err := k.readAFLRecords(func(sfi, rec byte, forODA bool, raw []byte) error {
		objs, err := emv.ParseObjects(raw)
		if err != nil || len(objs) != 1 {
			return terminate("record SFI %d record %d is malformed", sfi, rec)
		}
		o := objs[0]
		if forODA {
			k.collectODA(sfi, raw)
		}
		if o.Tag != emv.TagReadRecordResponseTemplate {
			// Book 3 §7.2: records of SFI 1–10 are templates 70; the
			// kernel uses nothing else.
			if sfi <= 10 {
				return terminate("record SFI %d record %d is not a template 70", sfi, rec)
			}
			return nil
		}
		return k.storeTemplate(o, "record")
	})
	if err != nil {
		return err
	}
	for _, t := range mandatoryRecordData {
		if _, ok := k.data[t]; !ok {
			k.setTVR(emv.TVRICCDataMissing)
			return terminate("ICC data missing: mandatory data object %s absent", t)
		}
	}
	if _, err := emv.ParseCN(k.data[emv.TagApplicationPAN]); err != nil {
		return terminate("PAN (5A) is not compressed numeric")
	}
	return nil
}

// readAFLRecords reads every record the AFL lists (Book 3 §10.2, Book
// C-3 §5.3) and hands each one's data, byte for byte, to use; the contact
// and contactless kernels differ only in what they accept.
func (k *transaction) readAFLRecords(use func(sfi, rec byte, forODA bool, raw []byte) error) error {
	k.trace.decision(StepRead, "read application data")
	entries, err := emv.ParseAFL(k.data[emv.TagApplicationFileLocator])
	if err != nil {
		return terminate("AFL invalid: %v", err)
	}
	for _, e := range entries {
		for rec, forODA := range e.Records() {
			resp, err := k.exchange("READ RECORD", emv.ReadRecordCommand(e.SFI, rec))
			if err != nil {
				return err
			}
			if resp.SW != emv.SWSuccess {
				return terminate("READ RECORD SFI %d record %d answered %s", e.SFI, rec, resp.SW)
			}
			if err := use(e.SFI, rec, forODA, resp.Data); err != nil {
				return err
			}
		}
	}
	return nil
}

// collectODA keeps a record marked for offline data authentication as the
// card sent it; oda.StaticData builds the static data from these (Book 3
// §10.3).
func (k *transaction) collectODA(sfi byte, raw []byte) {
	k.odaRecords = append(k.odaRecords, oda.Record{SFI: int(sfi), Raw: raw})
}

package terminal

import "github.com/emvsim/emvsim/emv"

// initiateApplicationProcessing sends GET PROCESSING OPTIONS with the PDOL
// data (Book 3 §10.1). It reports false when the card answers 6985 and the
// application must be removed from the candidates.
func (k *transaction) initiateApplicationProcessing() (bool, error) {
	k.trace.decision(StepInitiate, "initiate application processing")
	k.tvr, k.tsi = [5]byte{}, [2]byte{}
	k.syncStatus()
	resp, err := k.getProcessingOptions()
	if err != nil {
		return false, err
	}
	switch resp.SW {
	case emv.SWSuccess:
	case emv.SWConditionsNotSatisfied:
		k.trace.decisionf("GPO: conditions of use not satisfied (6985): application removed, selecting again")
		return false, nil
	default:
		return false, terminate("GET PROCESSING OPTIONS answered %s", resp.SW)
	}
	aip, afl, err := k.parseGPO(resp.Data)
	if err != nil {
		return false, err
	}
	k.aip = aip
	k.trace.decisionf("AIP %X, AFL %X", aip, afl)
	return true, nil
}

// getProcessingOptions fills the PDOL from the data store and sends GET
// PROCESSING OPTIONS, keeping the PDOL data for CDA; the contact and
// contactless kernels each judge the status word.
func (k *transaction) getProcessingOptions() (emv.Response, error) {
	pdolData := []byte{}
	if pdol, ok := k.data[emv.TagProcessingOptionsDOL]; ok {
		var err error
		if pdolData, err = k.buildDOL(pdol); err != nil {
			return emv.Response{}, terminate("PDOL malformed: %v", err)
		}
	}
	k.pdolData = pdolData
	c, err := emv.GetProcessingOptionsCommand(pdolData)
	if err != nil {
		return emv.Response{}, terminate("PDOL malformed: %v", err)
	}
	return k.exchange("GET PROCESSING OPTIONS", c)
}

// parseGPO decodes format 1 (80: AIP and AFL) or format 2 (77: 82, 94 and
// more) of the GPO response (Book 3 §6.5.8.4).
func (k *transaction) parseGPO(b []byte) ([2]byte, []byte, error) {
	var aip [2]byte
	objs, err := emv.ParseObjects(b)
	if err != nil || len(objs) != 1 {
		return aip, nil, terminate("GPO response is not one data object")
	}
	o := objs[0]
	var afl []byte
	switch o.Tag {
	case emv.TagResponseMessageTemplateFormat1:
		if len(o.Value) < 2 || (len(o.Value)-2)%4 != 0 {
			return aip, nil, terminate("GPO format 1 response of %d bytes is not AIP + AFL", len(o.Value))
		}
		copy(aip[:], o.Value[:2])
		afl = o.Value[2:]
		k.storeCard(emv.TagApplicationInterchangeProfile, aip[:])
		k.storeCard(emv.TagApplicationFileLocator, afl)
		k.fromRecords[emv.TagApplicationInterchangeProfile] = true
		k.fromRecords[emv.TagApplicationFileLocator] = true
	case emv.TagResponseMessageTemplateFormat2:
		if err := k.storeTemplate(o, "GPO"); err != nil {
			return aip, nil, err
		}
		v, ok := k.data[emv.TagApplicationInterchangeProfile]
		if !ok || len(v) != 2 {
			k.setTVR(emv.TVRICCDataMissing)
			return aip, nil, terminate("GPO response lacks the AIP (82)")
		}
		copy(aip[:], v)
		if afl, ok = k.data[emv.TagApplicationFileLocator]; !ok {
			k.setTVR(emv.TVRICCDataMissing)
			return aip, nil, terminate("GPO response lacks the AFL (94)")
		}
	default:
		return aip, nil, terminate("GPO response template %s is neither 80 nor 77", o.Tag)
	}
	if _, err := emv.ParseAFL(afl); err != nil || len(afl) == 0 {
		return aip, nil, terminate("AFL %X is invalid", afl)
	}
	return aip, afl, nil
}

// storeCard keeps a data object the card returned, unless its source is
// the terminal. v aliases the response, which is the kernel's own copy
// (see transmit) and never changed.
func (k *transaction) storeCard(t emv.Tag, v []byte) {
	if !k.isTerminalTag(t) {
		k.data[t] = v
	}
}

// storeTemplate stores the primitive objects of a GPO or record template and
// terminates on a redundant one (Book 3 §10.2).
func (k *transaction) storeTemplate(tmpl emv.Object, what string) error {
	s := tmpl.Children()
	for s.Next() {
		o := s.Object()
		if o.Tag.Constructed() {
			continue
		}
		if k.fromRecords[o.Tag] {
			return terminate("%s repeats data object %s (redundant data)", what, o.Tag)
		}
		k.fromRecords[o.Tag] = true
		k.storeCard(o.Tag, o.Value)
	}
	if s.Err() != nil {
		return terminate("%s is malformed: %v", what, s.Err())
	}
	return nil
}

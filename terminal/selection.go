package terminal

import (
	"bytes"
	"errors"
	"slices"

	"github.com/emvsim/emvsim/emv"
)

// pseName is the payment system environment's DDF name (Book 1 §12.2.2).
var pseName = []byte("1PAY.SYS.DDF01")

// candidate is an application found on the card that the terminal accepts.
type candidate struct {
	Candidate
	app   *Application
	order int // the terminal's list order, to break priority ties
}

// selectAndInitiate builds the candidate list (Book 1 §12.3), chooses and
// selects an application (Book 1 §12.4) and initiates application
// processing (Book 3 §10.1); GPO's 6985 removes the application and
// selection starts again from the remaining candidates.
func (k *transaction) selectAndInitiate() error {
	k.trace.decision(StepSelection, "building the candidate list")
	cands, err := k.candidatesFromPSE()
	if err != nil {
		return err
	}
	if len(cands) == 0 {
		if cands, err = k.candidatesFromAIDList(); err != nil {
			return err
		}
	}
	sortCandidates(cands)
	for {
		if len(cands) == 0 {
			return terminate("no application on the card is accepted by this terminal (not accepted)")
		}
		i, err := k.chooseCandidate(cands)
		if err != nil {
			return err
		}
		chosen := cands[i]
		cands = slices.Delete(cands, i, i+1)
		ok, err := k.finalSelect(chosen)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		ok, err = k.initiateApplicationProcessing()
		if err != nil {
			return err
		}
		if ok {
			return nil
		}
	}
}

// candidatesFromPSE reads the payment system directory (Book 1 §12.3.2).
func (k *transaction) candidatesFromPSE() ([]candidate, error) {
	resp, err := k.exchange("SELECT PSE", emv.SelectCommand(pseName, false))
	if err != nil {
		return nil, err
	}
	switch resp.SW {
	case emv.SWSuccess:
	case emv.SWFunctionNotSupported:
		return nil, terminate("card blocked or SELECT not supported (6A81)")
	default:
		k.trace.decisionf("no PSE (%s): using the list of AIDs", resp.SW)
		return nil, nil
	}
	sfiObj, ok, err := emv.Find(resp.Data, emv.TagSFI)
	if err != nil || !ok || len(sfiObj.Value) != 1 || sfiObj.Value[0] < 1 || sfiObj.Value[0] > 10 {
		k.trace.decisionf("PSE FCI has no usable SFI of the directory: using the list of AIDs")
		return nil, nil
	}
	var cands []candidate
	if ok, err := k.readDirectory(sfiObj.Value[0], 0, &cands); err != nil || !ok {
		return nil, err
	}
	return cands, nil
}

// maxDirectoryDepth bounds how deep the terminal follows DDF entries.
const maxDirectoryDepth = 2

// readDirectory reads the records of the directory file sfi, adding the
// applications the terminal supports to cands and following the entries
// that name a DDF into that DDF's own directory (Book 1 §12.3.2). It
// reports false when the directory is unusable and the list of AIDs must
// be used instead.
func (k *transaction) readDirectory(sfi byte, depth int, cands *[]candidate) (bool, error) {
	for rec := 1; rec <= 16; rec++ {
		c := emv.ReadRecordCommand(sfi, byte(rec))
		r, err := k.exchange("READ RECORD", c)
		if err != nil {
			return false, err
		}
		if r.SW == emv.SWRecordNotFound {
			return true, nil
		}
		if r.SW != emv.SWSuccess {
			k.trace.decisionf("directory record %d: %s: using the list of AIDs", rec, r.SW)
			return false, nil
		}
		entries, ddfs, err := directoryEntries(r.Data)
		if err != nil {
			k.trace.decisionf("directory record %d malformed (%v): using the list of AIDs", rec, err)
			return false, nil
		}
		for _, e := range entries {
			if app := k.matchAID(e.AID, true); app != nil {
				e.app = app
				e.order = k.appOrder(app)
				*cands = append(*cands, e)
				k.trace.decisionf("PSE lists %X %q: candidate", e.AID, e.Label)
			} else {
				k.trace.decisionf("PSE lists %X: not supported by the terminal", e.AID)
			}
		}
		for _, name := range ddfs {
			if ok, err := k.followDDF(name, depth, cands); err != nil || !ok {
				return ok, err
			}
		}
	}
	return true, nil
}

// followDDF selects a DDF a directory names and reads its directory.
func (k *transaction) followDDF(name []byte, depth int, cands *[]candidate) (bool, error) {
	if depth+1 > maxDirectoryDepth {
		k.trace.decisionf("DDF %X nested too deep: not followed", name)
		return true, nil
	}
	resp, err := k.exchange("SELECT", emv.SelectCommand(name, false))
	if err != nil {
		return false, err
	}
	sfi, ok, _ := emv.Find(resp.Data, emv.TagSFI)
	if !resp.SW.OK() || !ok || len(sfi.Value) != 1 || sfi.Value[0] < 1 || sfi.Value[0] > 10 {
		k.trace.decisionf("DDF %X: %s, no directory: not followed", name, resp.SW)
		return true, nil
	}
	k.trace.decisionf("PSE lists DDF %X: reading its directory", name)
	return k.readDirectory(sfi.Value[0], depth+1, cands)
}

var errDirectory = errors.New("directory record is not a template 70 of 61 entries")

// directoryEntries decodes the 61 entries of a directory record: the
// applications (4F) and the DDFs (9D) they name.
func directoryEntries(rec []byte) ([]candidate, [][]byte, error) {
	objs, err := emv.ParseObjects(rec)
	if err != nil || len(objs) != 1 || objs[0].Tag != emv.TagReadRecordResponseTemplate {
		return nil, nil, errDirectory
	}
	var out []candidate
	var ddfs [][]byte
	s := objs[0].Children()
	for s.Next() {
		o := s.Object()
		if o.Tag != emv.TagApplicationTemplate {
			continue
		}
		var c candidate
		in := o.Children()
		for in.Next() {
			f := in.Object()
			switch f.Tag {
			case emv.TagApplicationIdentifierCard:
				c.AID = bytes.Clone(f.Value)
			case emv.TagDirectoryDefinitionFileName:
				if len(f.Value) >= 5 && len(f.Value) <= 16 {
					ddfs = append(ddfs, bytes.Clone(f.Value))
				}
			case emv.TagApplicationLabel:
				c.Label = string(f.Value)
			case emv.TagApplicationPreferredName:
				c.PreferredName = string(f.Value)
			case emv.TagApplicationPriorityIndicator:
				if len(f.Value) == 1 {
					c.Priority = int(f.Value[0] & 0x0F)
					c.ConfirmationRequired = f.Value[0]&0x80 != 0
				}
			}
		}
		if in.Err() != nil {
			return nil, nil, in.Err()
		}
		if len(c.AID) >= 5 && len(c.AID) <= 16 {
			out = append(out, c)
		}
	}
	return out, ddfs, s.Err()
}

// matchAID finds the terminal application a card AID matches: exactly, or
// by partial selection when the terminal allows it (Book 1 §12.3.1).
func (k *transaction) matchAID(cardAID []byte, allowPartial bool) *Application {
	for i := range k.cfg.Applications {
		a := &k.cfg.Applications[i]
		if bytes.Equal(a.AID, cardAID) {
			return a
		}
	}
	if !allowPartial {
		return nil
	}
	for i := range k.cfg.Applications {
		a := &k.cfg.Applications[i]
		if a.PartialSelection && len(cardAID) > len(a.AID) && bytes.HasPrefix(cardAID, a.AID) {
			return a
		}
	}
	return nil
}

func (k *transaction) appOrder(a *Application) int {
	for i := range k.cfg.Applications {
		if &k.cfg.Applications[i] == a {
			return i
		}
	}
	return len(k.cfg.Applications)
}

// maxSelectNext bounds the SELECT next loop for one AID.
const maxSelectNext = 16

// candidatesFromAIDList selects each terminal AID in turn (Book 1 §12.3.3).
func (k *transaction) candidatesFromAIDList() ([]candidate, error) {
	var cands []candidate
	for i := range k.cfg.Applications {
		a := &k.cfg.Applications[i]
		next := false
		for n := 0; n < maxSelectNext; n++ {
			resp, err := k.exchange("SELECT", emv.SelectCommand(a.AID, next))
			if err != nil {
				return nil, err
			}
			if resp.SW == emv.SWFunctionNotSupported && !next {
				return nil, terminate("card blocked or SELECT not supported (6A81)")
			}
			if resp.SW != emv.SWSuccess && resp.SW != emv.SWSelectedFileInvalidated {
				break
			}
			fci, err := parseFCI(resp.Data)
			if err != nil {
				k.trace.decisionf("SELECT %X: FCI malformed (%v), skipped", a.AID, err)
				break
			}
			exact := bytes.Equal(fci.name, a.AID)
			partial := !exact && len(fci.name) > len(a.AID) && bytes.HasPrefix(fci.name, a.AID)
			switch {
			case resp.SW == emv.SWSelectedFileInvalidated:
				k.trace.decisionf("application %X is blocked (6283): not a candidate", fci.name)
			case exact || partial && a.PartialSelection:
				c := candidate{Candidate: fci.candidate(), app: a, order: i}
				cands = append(cands, c)
				k.trace.decisionf("application %X %q: candidate", fci.name, c.Label)
			default:
				k.trace.decisionf("application %X does not match %X: not a candidate", fci.name, a.AID)
			}
			if exact || !a.PartialSelection {
				break
			}
			next = true
		}
	}
	return cands, nil
}

// fci is what the kernel uses of a file control information template
// (Book 1 §11.3.4).
type fci struct {
	name          []byte // 84
	label         string // 50
	preferredName string // 9F12
	priority      byte   // 87
	pdol          []byte // 9F38
	objects       []emv.Object
}

var errFCI = errors.New("FCI is not a template 6F with a DF name 84")

func parseFCI(b []byte) (fci, error) {
	objs, err := emv.ParseObjects(b)
	if err != nil {
		return fci{}, err
	}
	if len(objs) != 1 || objs[0].Tag != emv.TagFCITemplate {
		return fci{}, errFCI
	}
	var f fci
	hasName := false
	s := objs[0].Children()
	for s.Next() {
		o := s.Object()
		switch o.Tag {
		case emv.TagDedicatedFileName:
			f.name, hasName = o.Value, true
		case emv.TagFCIProprietaryTemplate:
			in := o.Children()
			for in.Next() {
				p := in.Object()
				f.objects = append(f.objects, p)
				switch p.Tag {
				case emv.TagApplicationLabel:
					f.label = string(p.Value)
				case emv.TagApplicationPreferredName:
					f.preferredName = string(p.Value)
				case emv.TagApplicationPriorityIndicator:
					if len(p.Value) == 1 {
						f.priority = p.Value[0]
					}
				case emv.TagProcessingOptionsDOL:
					f.pdol = p.Value
				}
			}
			if in.Err() != nil {
				return fci{}, in.Err()
			}
		}
	}
	if s.Err() != nil {
		return fci{}, s.Err()
	}
	if !hasName || len(f.name) < 5 || len(f.name) > 16 {
		return fci{}, errFCI
	}
	return f, nil
}

func (f fci) candidate() Candidate {
	return Candidate{AID: bytes.Clone(f.name), Label: f.label, PreferredName: f.preferredName,
		Priority: int(f.priority & 0x0F), ConfirmationRequired: f.priority&0x80 != 0}
}

// sortCandidates orders by priority (1 highest, no priority last), then
// the terminal's order (Book 1 §12.4).
func sortCandidates(c []candidate) {
	rank := func(p int) int {
		if p == 0 {
			return 16
		}
		return p
	}
	slices.SortStableFunc(c, func(a, b candidate) int {
		if d := rank(a.Priority) - rank(b.Priority); d != 0 {
			return d
		}
		return a.order - b.order
	})
}

// chooseCandidate lets the cardholder choose when the terminal offers it;
// otherwise it takes the first candidate that does not require
// confirmation (Book 1 §12.4).
func (k *transaction) chooseCandidate(cands []candidate) (int, error) {
	if k.cfg.Cardholder != nil {
		list := make([]Candidate, len(cands))
		for i, c := range cands {
			list[i] = c.Candidate
			list[i].AID = bytes.Clone(c.AID)
		}
		i, err := k.cfg.Cardholder.ChooseApplication(k.ctx, list)
		if err != nil {
			return 0, &halt{result: Terminated, reason: "cardholder cancelled application selection"}
		}
		if i < 0 || i >= len(cands) {
			return 0, terminate("cardholder interface chose no listed application")
		}
		k.trace.decisionf("cardholder chose %X", cands[i].AID)
		return i, nil
	}
	for i, c := range cands {
		if !c.ConfirmationRequired {
			k.trace.decisionf("terminal chooses %X (priority %d)", c.AID, c.Priority)
			return i, nil
		}
		k.trace.decisionf("%X requires cardholder confirmation, which this terminal cannot ask: skipped", c.AID)
	}
	return 0, terminate("every candidate requires cardholder confirmation (not accepted)")
}

// finalSelect selects the chosen application and checks its FCI (Book 1
// §12.4). It reports false when the application must be dropped.
func (k *transaction) finalSelect(c candidate) (bool, error) {
	resp, err := k.exchange("SELECT", emv.SelectCommand(c.AID, false))
	if err != nil {
		return false, err
	}
	if resp.SW != emv.SWSuccess {
		k.trace.decisionf("final SELECT of %X: %s: removed from the candidates", c.AID, resp.SW)
		return false, nil
	}
	f, err := parseFCI(resp.Data)
	if err != nil || !bytes.Equal(f.name, c.AID) {
		k.trace.decisionf("final SELECT of %X: FCI does not name it: removed from the candidates", c.AID)
		return false, nil
	}
	// A fresh start for this application: forget what an earlier attempt read.
	clear(k.fromRecords)
	for t := range k.data {
		if !k.isTerminalTag(t) {
			delete(k.data, t)
		}
	}
	k.app = c.app
	k.aid = f.name
	k.data[emv.TagDedicatedFileName] = k.aid
	k.data[emv.TagApplicationIdentifierTerminal] = bytes.Clone(c.app.AID)
	if len(c.app.Versions) > 0 {
		v := c.app.Versions[0]
		k.data[emv.TagApplicationVersionNumberTerminal] = v[:]
	}
	for _, o := range f.objects {
		if !o.Tag.Constructed() && !k.isTerminalTag(o.Tag) {
			k.data[o.Tag] = o.Value
		}
	}
	if f.pdol != nil {
		k.data[emv.TagProcessingOptionsDOL] = f.pdol
	} else {
		delete(k.data, emv.TagProcessingOptionsDOL)
	}
	k.trace.decisionf("selected %X %q", f.name, f.label)
	return true, nil
}

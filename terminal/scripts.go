package terminal

import (
	"fmt"

	"github.com/emvsim/emvsim/emv"
)

// maxScripts bounds the scripts one response may make the terminal send,
// as a real terminal's script buffer does.
const maxScripts = 32

// Script result nibbles of 9F5B (Book 4 Annex A5).
const (
	scriptNotPerformed = 0
	scriptFailed       = 1
	scriptSuccessful   = 2
)

// issuerScripts sends the commands of every issuer script template of
// kind tmpl (71 before the final GENERATE AC, 72 after) in the issuer's
// response, each exactly as received, stopping a script at its first
// failing command (Book 3 §10.10). A failure sets TVR byte 5 b6 (71) or b5
// (72); processing any script sets the TSI bit.
func (k *transaction) issuerScripts(tmpl emv.Tag) {
	if !k.online || k.halted != nil {
		return
	}
	failBit := emv.TVRScriptFailedBeforeFinalGenerateAC
	if tmpl == emv.TagIssuerScriptTemplate2 {
		failBit = emv.TVRScriptFailedAfterFinalGenerateAC
	}
	s := emv.NewScanner(k.issuerData)
	first := true
	for s.Next() {
		o := s.Object()
		if o.Tag != tmpl {
			continue
		}
		if len(k.scripts) == maxScripts {
			k.trace.decisionf("more than %d issuer scripts: the rest are not processed", maxScripts)
			return
		}
		if first {
			k.trace.decision(StepScripts, fmt.Sprintf("issuer script processing, template %s", tmpl))
			first = false
		}
		k.setTSI(emv.TSIScriptProcessingPerformed)
		res := k.runScript(o)
		res.Template = byte(tmpl)
		k.scripts = append(k.scripts, res)
		b := res.Bytes()
		k.data[emv.TagIssuerScriptResults] = append(k.data[emv.TagIssuerScriptResults], b[:]...)
		if res.Status == scriptFailed {
			k.setTVR(failBit)
			k.trace.decisionf("%s: TVR '%s'", res, failBit)
		} else {
			k.trace.decisionf("%s", res)
		}
		if k.halted != nil {
			return
		}
	}
}

// runScript processes one template: its identifier 9F18 and its commands 86.
func (k *transaction) runScript(tmpl emv.Object) ScriptResult {
	var res ScriptResult
	var cmds []emv.Object
	s := tmpl.Children()
	for s.Next() {
		o := s.Object()
		switch o.Tag {
		case emv.TagIssuerScriptIdentifier:
			if len(o.Value) != 4 {
				res.Status = scriptFailed
				return res
			}
			copy(res.ID[:], o.Value)
		case emv.TagIssuerScriptCommand:
			cmds = append(cmds, o)
		}
	}
	if s.Err() != nil {
		// A malformed script is not sent at all (Book 3 §10.10).
		res.Status = scriptFailed
		return res
	}
	for i, c := range cmds {
		seq := byte(min(i+1, 15))
		cmd, err := emv.ParseCommand(c.Value)
		if err != nil {
			res.Status, res.Sequence = scriptFailed, seq
			return res
		}
		resp, err := k.exchange(scriptCommandName(cmd.INS), cmd)
		if err != nil {
			k.halted = err
			res.Status, res.Sequence = scriptFailed, seq
			return res
		}
		// 90, 62 and 63 let the script go on; anything else stops it.
		switch resp.SW.SW1() {
		case 0x90, 0x62, 0x63:
		default:
			res.Status, res.Sequence = scriptFailed, seq
			return res
		}
	}
	res.Status = scriptSuccessful
	return res
}

func scriptCommandName(ins byte) string {
	switch ins {
	case emv.INSPINChangeUnblock:
		return "PIN CHANGE/UNBLOCK"
	case emv.INSApplicationBlock:
		return "APPLICATION BLOCK"
	case emv.INSApplicationUnblock:
		return "APPLICATION UNBLOCK"
	case emv.INSCardBlock:
		return "CARD BLOCK"
	case emv.INSPutData:
		return "PUT DATA"
	case emv.INSUpdateRecord:
		return "UPDATE RECORD"
	}
	return fmt.Sprintf("script command %02X", ins)
}

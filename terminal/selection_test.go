package terminal

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/emv"
)

// scriptCard answers commands through a handler; an unknown command gets
// 6D00.
type scriptCard struct {
	handle func(c emv.Command) []byte
	log    [][]byte
}

func (s *scriptCard) PowerOn() ([]byte, error) { return []byte{0x3B, 0x00}, nil }
func (s *scriptCard) PowerOff()                {}
func (s *scriptCard) Transmit(apdu []byte) ([]byte, error) {
	s.log = append(s.log, bytes.Clone(apdu))
	c, err := emv.ParseCommand(apdu)
	if err != nil {
		return mustHex("6700"), nil
	}
	if r := s.handle(c); r != nil {
		return r, nil
	}
	return mustHex("6D00"), nil
}

func fciOf(aid []byte, label string, priority byte) []byte {
	a5 := emv.AppendTLV(nil, emv.TagApplicationLabel, []byte(label))
	if priority != 0 {
		a5 = emv.AppendTLV(a5, emv.TagApplicationPriorityIndicator, []byte{priority})
	}
	body := emv.AppendTLV(nil, emv.TagDedicatedFileName, aid)
	body = emv.AppendTLV(body, emv.TagFCIProprietaryTemplate, a5)
	return append(emv.AppendTLV(nil, emv.TagFCITemplate, body), 0x90, 0x00)
}

// appCard is a card with several applications selectable by the list of
// AIDs; each answers SELECT (first and next occurrence) with its FCI or a
// status word, and GPO 6985 so that selection results stay visible.
type cardApp struct {
	aid      []byte
	label    string
	priority byte
	sw       []byte // instead of 9000 on SELECT
}

func appCard(apps ...cardApp) *scriptCard {
	next := map[string]int{}
	return &scriptCard{handle: func(c emv.Command) []byte {
		if c.INS == emv.INSGetProcessingOptions {
			return mustHex("6985")
		}
		if c.INS != emv.INSSelect {
			return nil
		}
		start := 0
		if c.P2 == 0x02 {
			start = next[string(c.Data)]
		}
		for i := start; i < len(apps); i++ {
			a := apps[i]
			if bytes.HasPrefix(a.aid, c.Data) {
				next[string(c.Data)] = i + 1
				r := fciOf(a.aid, a.label, a.priority)
				if a.sw != nil {
					r = append(r[:len(r)-2], a.sw...)
				}
				return r
			}
		}
		return mustHex("6A82")
	}}
}

type chooser struct {
	pick int
	seen []Candidate
}

func (c *chooser) ChooseApplication(_ context.Context, cands []Candidate) (int, error) {
	if c.seen == nil {
		c.seen = cands
	}
	return min(c.pick, len(cands)-1), nil
}

func TestApplicationSelection(t *testing.T) {
	visa := mustHex("A0000000031010")
	visaLong := mustHex("A000000003101001")
	amex := mustHex("A000000025010801")
	tests := []struct {
		name       string
		apps       []cardApp
		cardholder *chooser
		want       [][]byte // AIDs finally SELECTed in order (after candidates)
		reason     string
	}{
		{name: "partial match, priority order", apps: []cardApp{
			{aid: amex, label: "AMEX", priority: 2}, {aid: visa, label: "VISA", priority: 1}},
			want: [][]byte{visa, amex}},
		{name: "partial selection: a longer card AID", apps: []cardApp{{aid: visaLong, label: "VISA 2"}},
			want: [][]byte{visaLong}},
		{name: "blocked application skipped", apps: []cardApp{
			{aid: amex, label: "AMEX", priority: 1, sw: mustHex("6283")}, {aid: visa, label: "VISA", priority: 2}},
			want: [][]byte{visa}},
		{name: "confirmation required without cardholder interface", apps: []cardApp{
			{aid: amex, label: "AMEX", priority: 0x81}, {aid: visa, label: "VISA", priority: 2}},
			want: [][]byte{visa}, reason: "every candidate requires cardholder confirmation"},
		{name: "cardholder chooses", apps: []cardApp{
			{aid: amex, label: "AMEX", priority: 1}, {aid: visa, label: "VISA", priority: 2}},
			cardholder: &chooser{pick: 1}, want: [][]byte{visa, amex}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			card := appCard(tc.apps...)
			cfg := AttendedPOS()
			if tc.cardholder != nil {
				cfg.Cardholder = tc.cardholder
			}
			o := run(t, newTerminal(t, cfg, &testHost{code: "00"}), card, Transaction{Amount: 100})
			assert.Equal(t, Terminated, o.Result)
			reason := tc.reason
			if reason == "" {
				reason = "no application on the card is accepted"
			}
			assert.Contains(t, o.Reason, reason)
			// Final SELECTs are those followed by a GPO.
			var finals [][]byte
			for i, apdu := range card.log {
				if i+1 < len(card.log) && card.log[i+1][1] == emv.INSGetProcessingOptions {
					c, err := emv.ParseCommand(apdu)
					require.NoError(t, err)
					finals = append(finals, c.Data)
				}
			}
			assert.Equal(t, tc.want, finals)
			if tc.cardholder != nil {
				require.Len(t, tc.cardholder.seen, 2)
				assert.Equal(t, "AMEX", tc.cardholder.seen[0].Label)
			}
		})
	}
}

// The PSE directory names a DDF whose own directory lists a second
// application (Book 1 §12.3.2).
func TestPSEWithDDF(t *testing.T) {
	amex := mustHex("A000000025010801")
	visa := mustHex("A0000000031010")
	ddf := mustHex("D2760000850101")
	entry := func(tag emv.Tag, name []byte, label string, prio byte) []byte {
		v := emv.AppendTLV(nil, tag, name)
		if label != "" {
			v = emv.AppendTLV(v, emv.TagApplicationLabel, []byte(label))
			v = emv.AppendTLV(v, emv.TagApplicationPriorityIndicator, []byte{prio})
		}
		return emv.AppendTLV(nil, emv.TagApplicationTemplate, v)
	}
	dirFCI := func(name []byte, sfi byte) []byte {
		a5 := emv.AppendTLV(nil, emv.TagSFI, []byte{sfi})
		body := emv.AppendTLV(emv.AppendTLV(nil, emv.TagDedicatedFileName, name), emv.TagFCIProprietaryTemplate, a5)
		return append(emv.AppendTLV(nil, emv.TagFCITemplate, body), 0x90, 0x00)
	}
	rec1 := append(emv.AppendTLV(nil, emv.TagReadRecordResponseTemplate,
		append(entry(emv.TagDirectoryDefinitionFileName, ddf, "", 0), entry(emv.TagApplicationIdentifierCard, amex, "AMEX", 2)...)), 0x90, 0x00)
	rec2 := append(emv.AppendTLV(nil, emv.TagReadRecordResponseTemplate, entry(emv.TagApplicationIdentifierCard, visa, "VISA", 1)), 0x90, 0x00)
	card := &scriptCard{handle: func(c emv.Command) []byte {
		switch c.INS {
		case emv.INSSelect:
			switch {
			case bytes.Equal(c.Data, pseName):
				return dirFCI(pseName, 1)
			case bytes.Equal(c.Data, ddf):
				return dirFCI(ddf, 2)
			case bytes.Equal(c.Data, amex):
				return fciOf(amex, "AMEX", 2)
			case bytes.Equal(c.Data, visa):
				return fciOf(visa, "VISA", 1)
			}
			return mustHex("6A82")
		case emv.INSReadRecord:
			switch {
			case c.P1 == 1 && c.P2 == 1<<3|4:
				return rec1
			case c.P1 == 1 && c.P2 == 2<<3|4:
				return rec2
			}
			return mustHex("6A83")
		case emv.INSGetProcessingOptions:
			return mustHex("6985")
		}
		return nil
	}}
	o := run(t, newTerminal(t, AttendedPOS(), &testHost{code: "00"}), card, Transaction{Amount: 100})
	d := o.Trace.Decisions()
	assert.Contains(t, d, "PSE lists DDF D2760000850101: reading its directory")
	assert.Contains(t, d, "PSE lists A0000000031010 \"VISA\": candidate")
	assert.Contains(t, d, "PSE lists A000000025010801 \"AMEX\": candidate")
	// Priority 1 (VISA, from the DDF) is tried first.
	assert.Contains(t, d, "terminal chooses A0000000031010 (priority 1)")
}

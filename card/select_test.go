package card

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// twoVisaApps is a card with a Visa credit and a Visa debit application,
// so SELECT by partial name has a next occurrence.
func twoVisaApps(t *testing.T) Profile {
	p := visaProfile(t)
	p.Protocol = T1
	debit := p.Applications[0]
	debit.AID = mustHex("A0000000032010")
	debit.Label = "VISA DEBIT"
	debit.Priority = 0x02
	debit.Contactless.Enabled = false
	p.Applications = append(p.Applications, debit)
	return p
}

// TestSelectNextOccurrence: partial AID A000000003 selects the credit
// application, P2 02 the debit one, then 6A82; the PSE lists both.
func TestSelectNextOccurrence(t *testing.T) {
	c := newCard(t, twoVisaApps(t))
	tr := c.Contact()
	_, err := tr.PowerOn()
	require.NoError(t, err)
	r := send(t, tr, "00A4040005A00000000300")
	assert.Contains(t, r, "8407A0000000031010")
	r = send(t, tr, "00A4040205A00000000300")
	assert.Contains(t, r, "8407A0000000032010")
	assert.Contains(t, r, "500A56495341204445424954870102")
	assert.Equal(t, "6A82", send(t, tr, "00A4040205A00000000300"))

	assert.Equal(t, "9000", sw(send(t, tr, "00A404000E315041592E5359532E444446303100")))
	assert.Equal(t, "701B61194F07A0000000031010500B56495341204352454449548701019000",
		send(t, tr, "00B2010C00"))
	assert.Equal(t, "701A61184F07A0000000032010500A56495341204445424954870102"+"9000", send(t, tr, "00B2020C00"))
	assert.Equal(t, "6A83", send(t, tr, "00B2030C00"))

	// Only the credit application is on the contactless face.
	cl := c.Contactless()
	assert.Equal(t, "9000", sw(send(t, cl, "00A4040005A00000000300")))
	assert.Equal(t, "6A82", send(t, cl, "00A4040205A00000000300"))
}

// TestTransactionLog: a finished transaction is logged in SFI 11 in the
// log format, most recent first.
func TestTransactionLog(t *testing.T) {
	c := newCard(t, amexProfile(t))
	tr := startContact(t, c)
	require.Equal(t, "9000", sw(send(t, tr, genAC(0x00, cdol1))))
	// 9A 261125, 9F21 103000 (the card's clock: the CDOL has no time),
	// 9F02, 5F2A, 9F1A, 9C, 9F36 0001, 9F27 00 (AAC).
	assert.Equal(t, "2611251030000000000010000392039200000100"+"9000", send(t, tr, "00B2015C00"))
	assert.Equal(t, "6A83", send(t, tr, "00B2025C00"))
	tr.PowerOff()
	tr = startContact(t, c)
	require.Equal(t, "9000", sw(send(t, tr, genAC(0x00, cdol1))))
	assert.Equal(t, "2611251030000000000010000392039200000200"+"9000", send(t, tr, "00B2015C00"))
	assert.Equal(t, "2611251030000000000010000392039200000100"+"9000", send(t, tr, "00B2025C00"))
}

package card

import (
	"strconv"
	"testing"

	"github.com/emvsim/emvsim/emv"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Command sequences that bring a fresh Amex test card to a state.
var (
	selAmex  = "00A4040008A00000002501080100"
	gpoEmpty = "80A8000002830000"
	toGPO    = []string{selAmex, gpoEmpty}
	toARQC   = []string{selAmex, gpoEmpty, genAC(0x80, cdol1)}
	toTC     = []string{selAmex, gpoEmpty, genAC(0x00, cdol1)} // AAC, a finished transaction
)

// TestCommands sends each command in a given state and checks the exact
// response bytes, for the successes and every refusal.
func TestCommands(t *testing.T) {
	tests := []struct {
		name  string
		setup []string
		cmd   string
		want  string
	}{
		// Malformed APDUs and classes.
		{"too short", nil, "00A404", "6700"},
		{"Lc longer than data", nil, "00A4040008A000000025", "6700"},
		{"extended length", nil, "00A40400000008A000000025010801", "6700"},
		{"unknown class", nil, "A0A4040008A00000002501080100", "6E00"},
		{"wrong class for SELECT", nil, "80A4040008A00000002501080100", "6E00"},
		{"wrong class for GPO", toGPO[:1], "00A8000002830000", "6E00"},
		{"unknown INS", nil, "00FE000000", "6D00"},
		{"logical channel", nil, "01A4040008A00000002501080100", "6881"},

		// SELECT.
		{"select AID", nil, selAmex,
			"6F308408A000000025010801A5245010414D45524943414E20455850524553538701015F2D046A61656EBF0C059F4D020B0A9000"},
		{"select partial AID", nil, "00A4040005A00000002500",
			"6F308408A000000025010801A5245010414D45524943414E20455850524553538701015F2D046A61656EBF0C059F4D020B0A9000"},
		{"select next: no more", []string{"00A4040005A00000002500"}, "00A4040205A00000002500", "6A82"},
		{"select unknown AID", nil, "00A4040007A000000003101000", "6A82"},
		{"select PPSE on contact", nil, "00A404000E325041592E5359532E444446303100", "6A82"},
		{"select by file id", nil, "00A40000023F0000", "6A86"},
		{"select P2 last", nil, "00A4040108A00000002501080100", "6A86"},
		{"select empty name", nil, "00A404000000", "6700"},

		// GET PROCESSING OPTIONS.
		{"GPO", toGPO[:1], gpoEmpty, "800A1C0008010100100101019000"},
		{"GPO before SELECT", nil, gpoEmpty, "6985"},
		{"GPO twice", toGPO, gpoEmpty, "6985"},
		{"GPO P1", toGPO[:1], "80A8010002830000", "6A86"},
		{"GPO PDOL data too long", toGPO[:1], "80A800000383010000", "6700"},
		{"GPO without template 83", toGPO[:1], "80A8000002840000", "6A80"},
		{"GPO truncated template", toGPO[:1], "80A80000028301" + "00", "6700"},

		// READ RECORD.
		{"read record", toGPO, "00B2010C00",
			"70255711374245455400126D30122010000000000F5F200F544553542F43415244484F4C4445529000"},
		{"read record before SELECT", nil, "00B2010C00", "6985"},
		{"read missing record", toGPO, "00B2050C00", "6A83"},
		{"read missing file", toGPO, "00B2011C00", "6A82"},
		{"read record P1 0", toGPO, "00B2000C00", "6A86"},
		{"read record by id", toGPO, "00B2010800", "6A86"},
		{"read empty log", toGPO, "00B2015C00", "6A83"},

		// GET DATA.
		{"ATC before GPO", toGPO[:1], "80CA9F3600", "9F360200009000"},
		{"ATC after GPO", toGPO, "80CA9F3600", "9F360200019000"},
		{"last online ATC", toGPO, "80CA9F1300", "9F130200009000"},
		{"PIN try counter, no PIN", toGPO, "80CA9F1700", "9F1701009000"},
		{"log format", toGPO, "80CA9F4F00", "9F4F169A039F21039F02065F2A029F1A029C019F36029F27019000"},
		{"LCOL", toGPO, "80CA9F1400", "9F1401039000"},
		{"UCOL", toGPO, "80CA9F2300", "9F2301059000"},
		{"unknown data object", toGPO, "80CA9F7F00", "6A88"},
		{"GET DATA before SELECT", nil, "80CA9F3600", "6985"},

		// GET CHALLENGE: the counting test reader gives 00 01 … 07.
		{"get challenge", toGPO, "0084000000", "00010203040506079000"},
		{"get challenge P1", toGPO, "0084010000", "6A86"},

		// VERIFY on a card without PIN.
		{"verify, no PIN on chip", toGPO, "0020008008241234FFFFFFFFFF", "6984"},
		{"verify before GPO", toGPO[:1], "0020008008241234FFFFFFFFFF", "6985"},
		{"verify P2", toGPO, "0020000108241234FFFFFFFFFF", "6A86"},

		// INTERNAL AUTHENTICATE on a card without DDA.
		{"internal authenticate, no DDA", toGPO, "008800000411223344" + "00", "6A81"},
		{"internal authenticate before GPO", toGPO[:1], "008800000411223344" + "00", "6985"},

		// GENERATE AC.
		{"generate AC before GPO", toGPO[:1], genAC(0x80, cdol1), "6985"},
		{"generate AC P1 RFU type", toGPO, genAC(0xC0, cdol1), "6A86"},
		{"generate AC P1 RFU bit", toGPO, genAC(0x88, cdol1), "6A86"},
		{"generate AC P2", toGPO, "80AE8001" + genAC(0x80, cdol1)[8:], "6A86"},
		{"generate AC short CDOL1 data", toGPO, genAC(0x80, cdolHead), "6700"},
		{"generate AC after AAC", toTC, genAC(0x40, cdolHead+"3030"), "6985"},
		{"second AC asking ARQC", toARQC, genAC(0x80, cdolHead+"3030"), "6A86"},
		{"second AC wrong length", toARQC, genAC(0x40, cdol1), "6700"},

		// EXTERNAL AUTHENTICATE.
		{"external authenticate before ARQC", toGPO, "008200000A11223344556677883030", "6985"},
		{"external authenticate wrong ARPC", toARQC, "008200000A11223344556677883030", "6300"},
		{"external authenticate wrong length", toARQC, "008200000411223344", "6700"},
		{"external authenticate P1", toARQC, "008201000A11223344556677883030", "6A86"},

		// Script commands.
		{"script outside a transaction", toGPO, "841E000008" + "1122334455667788", "6985"},
		{"script without secure messaging", toARQC, "801E000008" + "1122334455667788", "6988"},
		{"script with a forged MAC", toARQC, "841E000008" + "1122334455667788", "6988"},
		{"script after AAC", toTC, "841E000008" + "1122334455667788", "6985"},
		{"PIN CHANGE P2 03", toARQC, "8424000308" + "1122334455667788", "6A86"},
		{"APPLICATION BLOCK P1", toARQC, "841E010008" + "1122334455667788", "6A86"},
		{"PUT DATA with a forged MAC", toARQC, "04DA9F140901" + "1122334455667788", "6988"},
		{"PIN UNBLOCK with a MAC too short", toARQC, "8424000004" + "11223344", "6988"},
		{"GET RESPONSE with nothing waiting", toGPO, "00C0000000", "6985"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCard(t, amexProfile(t))
			tr := c.Contact()
			_, err := tr.PowerOn()
			require.NoError(t, err)
			for _, s := range tt.setup {
				r := send(t, tr, s)
				require.Contains(t, []string{"9000", "6283"}, sw(r), "setup %s", s)
			}
			before := c.state
			got := send(t, tr, tt.cmd)
			assert.Equal(t, tt.want, got)
			if !commits(swOf(got)) {
				assert.Equal(t, before, c.state, "a refused command must not change the state")
			}
		})
	}
}

func swOf(resp string) emv.SW {
	v, _ := strconv.ParseUint(resp[len(resp)-4:], 16, 16)
	return emv.SW(v)
}

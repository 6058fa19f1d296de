package terminal

import (
	"bufio"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/emv"
	"github.com/emvsim/emvsim/emv/oda"
)

// loadCAKeys reads CA keys in the testdata format "RID index exponent
// modulus checksum" and checks each checksum.
func loadCAKeys(t testing.TB, path string) *oda.CAStore {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	store := &oda.CAStore{}
	s := bufio.NewScanner(f)
	s.Buffer(nil, 1<<16)
	for s.Scan() {
		line := strings.TrimSpace(s.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		fields := strings.Fields(strings.ReplaceAll(line, ":", ""))
		require.Len(t, fields, 5, line)
		var k oda.CAPublicKey
		copy(k.RID[:], mustHex(fields[0]))
		k.Index = mustHex(fields[1])[0]
		k.Key.Exponent = mustHex(fields[2])
		k.Key.Modulus = mustHex(fields[3])
		copy(k.Checksum[:], mustHex(fields[4]))
		require.NoError(t, store.Add(k), "published checksum")
	}
	require.NoError(t, s.Err())
	return store
}

// cyclicRand repeats its bytes: the unpredictable number the recorded
// reader sent.
type cyclicRand struct {
	b []byte
	i int
}

func (c *cyclicRand) Read(p []byte) (int, error) {
	for j := range p {
		p[j] = c.b[c.i%len(c.b)]
		c.i++
	}
	return len(p), nil
}

// A real Visa card's recorded tap runs through the qVSDC kernel: PPSE,
// combination selection (kernel 3 by the Visa RID), GPO with the cryptogram,
// the records, and the card's fDDA signature of its online cryptogram
// verifies under Visa's published CA key 09 with the terminal data the
// recorded reader sent. The request carries the card's ARQC as recorded.
func TestTapRealVisaCard(t *testing.T) {
	rc := loadTranscript(t, "testdata/contactless_visa_qvsdc_transcript.txt")
	cfg := AttendedPOS()
	cfg.CountryCode, cfg.CurrencyCode, cfg.CurrencyExponent = 978, 978, 2
	cfg.CAKeys = loadCAKeys(t, "testdata/contactless_visa_capk.txt")
	cfg.Rand = &cyclicRand{b: []byte("8901")}
	cfg.Now = func() time.Time { return time.Date(2023, 3, 1, 11, 10, 9, 0, time.UTC) }
	host := &testHost{code: emv.ResponseApproved}
	term, err := New(cfg, host)
	require.NoError(t, err)
	cl := ContactlessConfig{TransactionLimit: 5000, CVMRequiredLimit: 5000, FloorLimit: 5000}
	o, err := term.runTap(context.Background(), rc, Transaction{Amount: 1000}, Readers{Contact: true, Contactless: true}, cl)
	require.NoError(t, err)
	require.Equal(t, Approved, o.Result, o.Trace.String())
	assert.Equal(t, ARQC, o.Cryptogram)
	assert.Equal(t, "426354******0050", o.PAN)
	assert.Contains(t, o.Trace.Decisions(), "fDDA of the online cryptogram verified")
	assert.Contains(t, o.Trace.Decisions(), "CTQ 3800: go online if offline data authentication fails and reader is online capable, switch interface if offline data authentication fails and reader supports contact chip, go online if application expired")

	require.Len(t, host.requests, 1)
	req := host.requests[0]
	assert.Equal(t, emv.EntryModeContactlessChip, req.EntryMode)
	assert.Equal(t, "4263540122270050", req.PAN)
	assert.Equal(t, 0, req.PANSequenceNumber)
	assert.Equal(t, "4263540122270050=25062011381541400000", req.Track2)
	for tag, want := range map[emv.Tag]string{
		emv.TagApplicationCryptogram:         "2F94A291FB5FA425",
		emv.TagCryptogramInformationData:     "80",
		emv.TagApplicationTransactionCounter: "002E",
		emv.TagIssuerApplicationData:         "060D1103A02000",
		emv.TagApplicationInterchangeProfile: "2000",
		emv.TagUnpredictableNumber:           "38393031",
		emv.TagAmountAuthorised:              "000000001000",
		emv.TagTransactionCurrencyCode:       "0978",
		emv.TagCardTransactionQualifiers:     "3800",
		emv.TagCardAuthenticationRelatedData: "01AF211C3B3800",
		emv.TagTerminalTransactionQualifiers: "33004000",
		emv.TagTerminalVerificationResults:   "0000000000",
		emv.TagDedicatedFileName:             "A0000000031010",
		emv.TagTerminalCapabilities:          "E008C8",
		emv.TagApplicationPANSequenceNumber:  "00",
		emv.TagTransactionDate:               "230301",
		emv.TagTransactionType:               "00",
		emv.TagTerminalCountryCode:           "0978",
		emv.TagAmountOther:                   "000000000000",
		emv.TagCVMResults:                    "1F0002",
		emv.TagInterfaceDeviceSerialNumber:   hexString([]byte("POS00001")),
		emv.TagTransactionSequenceCounter:    "00000001",
		emv.TagTerminalType:                  "22",
		emv.TagFormFactorIndicator:           "20700000",
	} {
		o, ok, err := emv.Find(req.ICCData, tag)
		require.NoError(t, err)
		require.True(t, ok, "%s missing", tag)
		assert.Equal(t, want, hexString(o.Value), "%s", tag)
	}
	_, ok, _ := emv.Find(req.ICCData, emv.TagIssuerScriptResults)
	assert.False(t, ok, "no script ran")
}

// The same signature does not verify for another amount: the fDDA check
// really covers the terminal data.
func TestTapRealVisaCardOtherAmount(t *testing.T) {
	rc := loadTranscript(t, "testdata/contactless_visa_qvsdc_transcript.txt")
	cfg := AttendedPOS()
	cfg.CountryCode, cfg.CurrencyCode = 978, 978
	cfg.CAKeys = loadCAKeys(t, "testdata/contactless_visa_capk.txt")
	cfg.Rand = &cyclicRand{b: []byte("8901")}
	cfg.Now = func() time.Time { return time.Date(2023, 3, 1, 11, 10, 9, 0, time.UTC) }
	term, err := New(cfg, &testHost{code: emv.ResponseApproved})
	require.NoError(t, err)
	o, err := term.runTap(context.Background(), rc, Transaction{Amount: 1001}, Readers{Contactless: true}, ContactlessConfig{FloorLimit: 5000})
	require.NoError(t, err)
	assert.Equal(t, Approved, o.Result, "an online cryptogram goes to the issuer whatever fDDA says")
	found := false
	for _, d := range o.Trace.Decisions() {
		if strings.HasPrefix(d, "fDDA of the online cryptogram failed") {
			found = true
		}
	}
	assert.True(t, found, o.Trace.String())
}

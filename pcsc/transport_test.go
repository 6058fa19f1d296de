package pcsc

import (
	"context"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/emvsim/emvsim/card"
	"github.com/emvsim/emvsim/emv/cryptogram"
	"github.com/emvsim/emvsim/issuer"
	"github.com/emvsim/emvsim/terminal"
	"github.com/emvsim/emvsim/vpcd"
)

// readerEnv names the PC/SC reader of the vpcd driver the card is served
// to. The project's CI starts pcscd with vsmartcard-vpcd and sets it; on a
// machine without them these tests cannot run.
const readerEnv = "EMVSIM_VPCD_READER"

func vpcdReader(t testing.TB) string {
	name := os.Getenv(readerEnv)
	if name == "" {
		t.Skipf("%s not set: needs pcscd with the vpcd driver (see .ci/pcsc-check)", readerEnv)
	}
	return name
}

// storyIssuer is the story's issuer with one card whose PIN is registered
// online but not yet on the chip.
func storyIssuer(t testing.TB) (*issuer.Issuer, *card.Card) {
	key := func(b []byte) cryptogram.Key {
		k, err := cryptogram.NewTDESKey(b)
		require.NoError(t, err)
		return k
	}
	phone := &issuer.MemoryNotifier{}
	iss, err := issuer.New(issuer.Config{
		Name:  "PC/SC test issuer",
		IMKAC: key(card.TestIMKAC), IMKSMI: key(card.TestIMKSMI), IMKSMC: key(card.TestIMKSMC),
		CVK:       key(card.TestIMKAC),
		BIN:       issuer.BINRange{Low: "374245", High: "374245"},
		PANLength: 15,
		Version:   cryptogram.AmexCVN01,
		Notifier:  phone,
	})
	require.NoError(t, err)
	const tel = "+81-90-0000-0000"
	c, codes, err := iss.Issue(issuer.CardRequest{CardholderName: "YAMADA/TARO", Phone: tel})
	require.NoError(t, err)

	s, err := iss.Login(codes.PAN)
	require.NoError(t, err)
	require.NoError(t, s.EnterFrontCode(codes.FrontCode))
	require.NoError(t, s.EnterBackCode(codes.BackCode))
	require.NoError(t, s.SendOneTimeCode(issuer.ChannelSMS))
	otp, ok := phone.Last(tel)
	require.True(t, ok)
	require.NoError(t, s.EnterOneTimeCode(otp.Code))
	require.NoError(t, s.RegisterPIN("4829"))
	return iss, c
}

// serve puts the card's contact face in the virtual reader and opens the
// reader through pcscd, waiting until pcscd sees the card.
func serve(t testing.TB, c *card.Card) *Reader {
	name := vpcdReader(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- (&vpcd.Card{Transport: c.Contact()}).Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		assert.NoError(t, <-done)
	})

	r, err := Open(name)
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, r.Close()) })
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, err := r.PowerOn()
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the served card never showed up in %q: %v", name, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	r.PowerOff()
	return r
}

func TestReadersListsTheVirtualReader(t *testing.T) {
	name := vpcdReader(t)
	names, err := Readers()
	require.NoError(t, err)
	assert.Contains(t, names, name)
}

// The story's first insert, with the terminal reaching the card through
// pcscd: approved online at the convenience store, and the issuer's script
// writes the PIN onto the chip.
func TestFirstInsertThroughPCSC(t *testing.T) {
	iss, c := storyIssuer(t)
	require.Equal(t, card.PINRegistered, c.PINStatus())
	r := serve(t, c)

	store, err := terminal.New(terminal.ConvenienceStore(), iss)
	require.NoError(t, err)
	o, err := store.Run(context.Background(), terminal.Insert(r), terminal.Transaction{Amount: 500})
	require.NoError(t, err)
	require.Equal(t, terminal.Approved, o.Result, o.Reason)
	assert.True(t, o.Online)
	assert.Equal(t, terminal.TC, o.Cryptogram)
	require.Len(t, o.Scripts, 1)
	assert.Equal(t, byte(2), o.Scripts[0].Status, "script successful")
	assert.Equal(t, card.PINOnChip, c.PINStatus())
}

func TestTransmitWithoutCard(t *testing.T) {
	name := vpcdReader(t)
	r, err := Open(name)
	require.NoError(t, err)
	defer r.Close()
	_, err = r.Transmit([]byte{0x80, 0xCA, 0x9F, 0x36, 0x00})
	assert.ErrorIs(t, err, ErrNoCard)
}

// TestAPDULatency measures GET DATA round trips through the whole chain —
// PC/SC client, pcscd, the vpcd driver, TCP, the vpcd package, the card —
// and reports the median; it fails above 5 ms, which only a delayed-ACK
// stall (about 40 ms) or a broken chain reaches.
func TestAPDULatency(t *testing.T) {
	_, c := storyIssuer(t)
	r := serve(t, c)
	atr, err := r.PowerOn()
	require.NoError(t, err)
	require.NotEmpty(t, atr)
	getATC := []byte{0x80, 0xCA, 0x9F, 0x36, 0x00}

	const n = 400
	d := make([]time.Duration, n)
	for i := range d {
		start := time.Now()
		resp, err := r.Transmit(getATC)
		d[i] = time.Since(start)
		require.NoError(t, err)
		require.GreaterOrEqual(t, len(resp), 2)
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	median, p90 := d[n/2], d[n*9/10]
	t.Logf("GET DATA through pcscd and vpcd: median %v, 90th percentile %v over %d APDUs", median, p90, n)
	assert.Less(t, median, 5*time.Millisecond)
}

func BenchmarkAPDUThroughPCSC(b *testing.B) {
	_, c := storyIssuer(b)
	r := serve(b, c)
	_, err := r.PowerOn()
	require.NoError(b, err)
	getATC := []byte{0x80, 0xCA, 0x9F, 0x36, 0x00}
	b.ReportAllocs()
	for b.Loop() {
		resp, err := r.Transmit(getATC)
		if err != nil || len(resp) < 2 {
			b.Fatal(err)
		}
	}
}

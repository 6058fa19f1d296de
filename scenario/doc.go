// Package scenario is the story emvsim is built around, as a test suite: a
// new American Express card that arrives with no PIN on its chip, a PIN
// registered with the issuer online or by phone, and the first online
// contact-chip transaction whose issuer script writes the PIN into the chip.
//
// The package has no API. Its tests assert each numbered line of the story
// (TestLine01NoPINOnChip … TestLine10CloneRefused) on outcomes and bytes:
// the terminal's result, CVM Results (9F34), TVR (95) and TSI (9B), the
// issuer script results (9F5B), the card's PIN status and the issuer's PIN
// record. The transactions run the whole EMV 4.4 flow of Book 3 §10 —
// selection, GET PROCESSING OPTIONS, READ RECORD, CDA (Book 2 §6.6),
// cardholder verification (Book 3 §10.5, Annex C3), action analysis, online
// processing with issuer authentication (§10.9) and issuer-to-card script
// processing (§10.10, Book 2 §9 secure messaging) — between a simulated
// card, terminal and issuer, with seeded random numbers and a fixed clock.
//
// TestGoldenTranscript compares full transcripts — every APDU, every kernel
// decision and the issuer's messages — byte for byte with the files in
// testdata: first-insert.golden (the story), pin-unblock.golden (a PIN
// blocked by wrong entries and unblocked by script) and three-paths.golden
// (one card swiped, tapped, swiped after a chip failure and inserted). Regenerate them after
// an intended change with
//
//	go test ./scenario -run Golden -update
//
// and read the diff. BenchmarkTransaction measures whole transactions per
// path.
package scenario

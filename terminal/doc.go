// Package terminal is the EMV kernel of a payment terminal: it runs one
// transaction with a card reached through an emv.Transport, exactly as
// through a real reader, and with the issuer reached through a Host.
//
// A transaction is a per-run state (in the manner of crypto/tls's
// handshake) whose methods are the steps of EMV 4.4 Book 3 §10, called in
// book order:
//
//   - application selection: the PSE directory, else the terminal's list of
//     AIDs, partial selection, priority and cardholder confirmation, blocked
//     applications (6283) skipped, final SELECT (Book 1 §12.3–12.4);
//   - initiate application processing: PDOL data and GET PROCESSING OPTIONS;
//     6985 removes the application and selection starts again (§10.1);
//   - read application data: the AFL's records, mandatory data (5A, 5F24,
//     8C, 8D), redundant objects, the records for offline data
//     authentication kept byte for byte (§10.2);
//   - offline data authentication: CDA, else DDA, else SDA by AIP and 9F33
//     (§10.3, Book 2 §5–6, through package emv/oda);
//   - processing restrictions: application version, usage control, dates
//     (§10.4);
//   - cardholder verification: every CVM code and condition of Annex C3, the
//     "apply succeeding CV rule" bit, amounts X and Y, offline plaintext and
//     enciphered PIN (Book 2 §7) through a PINPad, online PIN in an ISO 9564
//     format 0 block, signature, no CVM; CVM Results 9F34 (§10.5);
//   - terminal risk management: exception file, floor limit, random
//     selection, velocity with the ATC registers, new card (§10.6);
//   - terminal action analysis: TAC and IAC denial, online and default, an
//     absent IAC counting as zeros for denial and ones for online and
//     default (§10.7);
//   - card action analysis: the first GENERATE AC with CDOL1 data and CDA
//     (§10.8);
//   - online processing: the authorisation request, issuer authentication by
//     EXTERNAL AUTHENTICATE or in CDOL2, Y3/Z3 when the host is unreachable
//     (§10.9);
//   - issuer script processing: templates 71 before and 72 after the final
//     GENERATE AC, results in 9F5B (§10.10, Book 4 Annex A5);
//   - completion: the second GENERATE AC with CDOL2 data, then a completion
//     advice or a reversal (§10.11).
//
// TVR and TSI bits are set where Book 3 Annex C5 and C6 put them; terminal
// types and capabilities follow Book 4 Annex A1–A3.
//
// Signature waiver. Book 3 lets 9F33's CVM byte describe what the terminal
// does in this transaction. A merchant that collects no signature below
// Config.SignatureWaiverLimit does not offer signature for such amounts, so
// a card rule "signature, if terminal supports the CVM" is skipped and its
// "No CVM required" rule applies: CVM Results say what really happened.
//
// Paths. A presentation is an insert, a tap, a swipe or several at once
// (Present). Run picks the path as a real terminal does, by its Readers and
// the card's data, and says why in Outcome.Path: a tap under the reader's
// contactless transaction limit (EMV Contactless Book A §5, Book B §3.1 to
// §3.3: PPSE, combination selection, TTQ), run by a qVSDC-style (Book C-3)
// or ExpressPay-style (Book C-4) kernel with the cryptogram in the GPO
// answer or from one GENERATE AC, fDDA or CDA, CVM by the CTQ at or over
// the CVM-required limit, never VERIFY and never issuer scripts; else the
// chip; the stripe only for a card without a chip, or, with POS entry mode
// 80, after the chip failed at this terminal in this transaction. A chip
// card swiped at a chip terminal gets "insert card". Only the contact path
// carries issuer scripts, so only an insert can write a PIN.
//
// Run returns an Outcome: the decision, whether it was online, the
// cryptogram, the CVM and whether a signature line is printed, TVR, TSI and
// CVM Results (each with a String in words), the script results, and a
// Trace of every APDU (data objects decoded, PANs masked, PIN data never
// shown) and every decision with its reason. Config.Trace streams the same
// lines. The package never prints.
package terminal

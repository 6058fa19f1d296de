// Package card simulates an EMV payment card: the chip with its contact and
// contactless interfaces, and the magnetic stripe. A terminal reaches it only
// through emv.Transport, as through a reader, and gets byte for byte what a
// real card answers: the card parses each APDU, checks class, instruction,
// parameters, length and the transaction's state, computes real
// cryptograms with emv/cryptogram and real signatures with emv/oda, counts,
// and refuses.
//
// What it implements, and where from:
//
//   - The commands of EMV 4.4 Book 3 §6.5, one method each, dispatched on
//     INS: SELECT (PSE 1PAY.SYS.DDF01 with its directory, PPSE
//     2PAY.SYS.DDF01, AID with partial name and next occurrence; Book 1
//     §11-12), GET PROCESSING OPTIONS, READ RECORD, GET DATA, GET CHALLENGE,
//     VERIFY (offline plaintext and enciphered PIN, Book 2 §7), INTERNAL
//     AUTHENTICATE (DDA), GENERATE AC first and second (with CDA),
//     EXTERNAL AUTHENTICATE and GET RESPONSE. Status words per ISO/IEC
//     7816-4 §5.1.3 and Book 3 §6.3.5: 6700 wrong length, 6A86 wrong P1-P2, 6D00 unknown INS, 6E00 wrong
//     class, 6985 wrong state, 6988 secure messaging wrong, 6984 no PIN
//     reference data, 6983 PIN blocked, 63Cx tries left, 6283 application
//     blocked, 6A81 card blocked.
//   - Card risk management (Book 3 §10.8, and the schemes' card specs in
//     outline): new card, last online transaction not completed, issuer
//     authentication failed or not performed, PIN try limit exceeded,
//     lower and upper consecutive offline limits, cumulative offline amount.
//     The card answers the cryptogram asked for or a lower one
//     (AAC < ARQC < TC), never a higher one. The card verification results
//     go into the issuer application data laid out as the cryptogram
//     version says (Visa or M/Chip layout), so card and issuer agree.
//   - Online processing and issuer scripts (Book 3 §10.9-10.10, Book 2 §8.2
//     and §9): ARPC checked by EXTERNAL AUTHENTICATE or in the second
//     GENERATE AC; PIN CHANGE/UNBLOCK, APPLICATION BLOCK/UNBLOCK, CARD BLOCK
//     and PUT DATA accepted only on the contact face, with a secure
//     messaging MAC under the MK-SMI session key for this transaction's ATC
//     and ARQC, the new PIN block enciphered under the MK-SMC session key.
//   - The contact interface (ISO/IEC 7816-3; Book 1 §8-9): power-on gives
//     the EMV basic ATR for T=1 or T=0; with T=0 the card answers case 4
//     commands with 61xx and waits for GET RESPONSE, and a wrong Le with
//     6Cxx.
//   - The contactless interface: PPSE, and for a one-tap profile a GET
//     PROCESSING OPTIONS that returns the cryptogram (qVSDC / ExpressPay
//     style, fDDA for an offline approval). No VERIFY, no scripts.
//   - The stripe: tracks 1 and 2 with a chip service code (201) and the
//     stripe CVV, while the chip's track 2 equivalent carries the iCVV.
//
// A card with no PIN on its chip — the story's new American Express card —
// answers VERIFY with 6984 and reads its PIN try counter as 0, so the
// terminal concludes "PIN try limit exceeded" and falls back as its CVM
// list says. The PIN arrives with a PIN CHANGE/UNBLOCK script (84 24 00 02)
// at the first contact transaction that goes online.
//
// State: the persistent state (ATC, last online ATC, PIN, try counter,
// offline counters, blocked flags, script counter, transaction log…) is a
// value; each command works on a copy and commits it with one assignment,
// so a power cut inside a command leaves the card as before or as after.
// SaveState and Restore carry a card from one test run to the next. A card
// serialises its commands and is safe from several goroutines; its random
// numbers come from WithRand, so transcripts repeat byte for byte.
package card

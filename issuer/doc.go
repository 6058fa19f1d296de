// Package issuer is the card issuer's host: it issues and personalises
// cards, registers their PINs, authorises transactions, authenticates
// itself to the card and sends issuer scripts.
//
// It reproduces the issuer of the story emvsim is built around: a card that
// arrives with no PIN on the chip, a PIN the cardholder registers once,
// online or by phone, and that reaches the chip in an issuer script at the
// card's first online contact-chip transaction.
//
// # Issuance
//
// [Issuer.Issue] draws a Luhn-valid PAN in the issuer's BIN range, derives
// the card's ICC master keys from the issuer master keys (EMV 4.4 Book 2
// Annex A1.4, through package cryptogram), makes an ICC RSA key certified by
// the issuer key, itself certified by a simulated CA (Book 2 §5, §6, through
// package oda), lays out the records, writes the stripe with its CVV
// (service code 201) and the chip's track 2 equivalent data with its iCVV
// (CVV computed with service code 999), and returns the [card.Card] with
// the codes printed on it: a 4-digit code on the front and a 3-digit code on
// the back (the CVV2). A [PINPolicy] says whether the PIN is written at
// issuance, as most issuers do, or registered afterwards.
//
// # PIN registration
//
// [Issuer.Login] opens an [OnlineSession]: front code, back code, a
// one-time code delivered by a [Notifier] (SMS or e-mail; [MemoryNotifier]
// captures it in tests), then the PIN. [Issuer.Call] dials the automated
// [PhoneCall]: card number and codes, a telephone PIN prompt a new
// cardholder skips, then the PIN keyed twice. A PIN is registered once per
// card and can be looked up after the same identity check; each failure is a
// [*RegistrationError] wrapping its own sentinel, and repeated identity
// failures lock the card's registration for a while.
//
// # Authorisation and issuer authentication
//
// [Issuer.Authorize] and [Issuer.Advise] make an *Issuer the terminal's
// online host. For a chip request the issuer rebuilds the cryptogram input
// from DE55 as the card's cryptogram version defines it, verifies the ARQC,
// refuses replayed ATCs, checks the account and answers with the
// Authorisation Response Code and the issuer authentication data (tag 91):
// ARPC method 1 or 2 (Book 2 §8.2, "Issuer Authentication"). Stripe reads
// are checked against the stripe CVV; chip data replayed as a stripe, or
// stripe data presented as chip data, fail the check, and a chip card read
// by its stripe without the fallback indicator is told to use its chip
// unless the request says the terminal has no chip reader
// (emv.NotChipCapable); a request that does not say counts as chip capable.
//
// # Issuer scripts
//
// When the registered PIN is not yet on the chip and the request comes from
// a contact-chip transaction, the response carries an issuer script template
// 72 (processed after the second GENERATE AC, Book 3 §10.10 "Issuer-to-Card
// Script Processing", following online processing, §10.9) holding a script
// identifier (9F18) and a PIN CHANGE/UNBLOCK command (86: CLA 84, INS 24,
// P2 02) whose PIN block is enciphered and whose command is MACed under the
// card's secure-messaging session keys for this ATC and ARQC (Book 2 §9,
// "Secure Messaging"). A PIN UNBLOCK (P2 00) goes out the same way when the
// card reports its PIN blocked and the cardholder asked
// ([Issuer.RequestPINUnblock]). Contactless and stripe requests never carry
// scripts. The PIN record moves to "on the chip" only on evidence: script
// results (9F5B) in the completion advice, or the next transaction's card
// data (its CVR script counter, or an offline PIN verified); otherwise the
// script is sent again at the next online contact transaction.
//
// # Accounts
//
// Each card has an account with a status, a credit limit and balance, a
// [PINRecord] and an append-only log of [LogEntry] values; [Issuer.Account]
// returns a snapshot. The issuer is safe for concurrent use by any number of
// terminals. Keys, PINs and codes never appear in errors, logs or String
// output, and PANs are masked there.
package issuer

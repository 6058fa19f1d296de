// Package cryptogram implements the symmetric cryptography of an EMV card
// and its issuer: the MACs, the key derivations, the application cryptograms
// (ARQC, TC, AAC), issuer authentication (ARPC), secure messaging for issuer
// scripts and the PIN values of the magnetic stripe and of online PIN.
//
// Card and issuer share one definition per cryptogram version ([Version]), so
// the bytes a simulated card MACs are the bytes the issuer rebuilds from an
// authorisation request.
//
// What is implemented, and where it comes from:
//
//   - ISO/IEC 9797-1 padding methods 1 and 2, MAC algorithm 1 (CBC-MAC) and
//     MAC algorithm 3 (the "retail MAC") with DES keys, and AES-CMAC
//     (NIST SP 800-38B, RFC 4493) for AES keys: EMV 4.4 Book 2 Annex A1.2.
//   - Session key derivation: the EMV common session key derivation of
//     Book 2 Annex A1.3 for TDES and AES keys, the Mastercard variant
//     (R = ATC || 00 00 || UN), the Visa secure-messaging variant, and the
//     ICC master key used directly (Visa CVN 10 style).
//   - ICC master key derivation: Book 2 Annex A1.4, Option A, Option B (PANs
//     longer than 16 digits) and the AES derivation; odd parity is set on
//     derived DES keys.
//   - Application cryptograms: Book 2 §8.1; issuer authentication with ARPC
//     method 1 and method 2: Book 2 §8.2.
//   - Secure messaging for issuer script commands: Book 2 §9 (format 2 MAC
//     and encipherment of command data), with the PIN blocks that PIN
//     CHANGE/UNBLOCK carries.
//   - Online PIN blocks of ISO 9564-1 formats 0, 1, 2 and 4, and the card
//     verification values CVV, CVV2, iCVV and dCVV.
//
// American Express (AEIPS, [AmexCVN01]): the AEIPS specification is not
// public, and no public EMV tool consulted (pyemv, jPOS, openemv/emv-utils)
// computes its cryptogram or parses its issuer application data. Public
// facts found: jPOS names an "AEPIS_V40" session key method
// (org.jpos.security.SKDMethod), accepts only ARPC method 1 with it
// (SMAdapter.generateARPC), and maps it to the AWS Payment Cryptography
// SessionKeyAmex derivation, whose inputs are the PAN and PAN sequence
// number alone (no ATC, unlike SessionKeyEmvCommon), as for Visa. So
// AmexCVN01 uses the Option A ICC master key directly with ARPC method 1;
// its IAD layout, cryptogram input and script handling are this
// simulator's choices (the Visa layout with CVN 01), not AEIPS facts.
//
// The Card Verification Results inside the IAD are proprietary to each
// scheme; [IADLayout.EncodeCVR] and [IADLayout.ParseCVR] are the one
// definition of each layout's bits, which the card writes and the issuer
// reads (bit positions as the public CVR decoders of jPOS and
// openemv/emv-utils give them). [VersionByName] finds a named version, so a
// profile file can name it.
//
// A transaction's cryptogram key is derived once in a [Session]
// ([Version.NewSession]): the card's two GENERATE ACs and the issuer's check
// of the ARQC and its ARPC then share one derivation. With the standard
// library's crypto/des, the two DES key schedules of a new double-length
// session key cost more than every block of a cryptogram; double-length
// keys are therefore run as two single-DES halves (two schedules, where
// des.NewTripleDESCipher expands three), which the retail MAC needs anyway.
//
// Keys are held in [Key], whose String and Format never show key bytes.
// MACs, cryptograms and ARPCs are compared in constant time. Functions taking
// outside data return an error wrapping one of the package's sentinel errors
// and never panic.
package cryptogram

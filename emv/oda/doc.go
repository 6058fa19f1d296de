// Package oda is EMV offline data authentication, both the side that signs
// (certification authority, issuer, card) and the side that verifies (the
// terminal), following EMV 4.4 Book 2:
//
//   - §5 Static Data Authentication: the issuer public key certificate
//     (format 02, Table 6), the Signed Static Application Data (format 03,
//     Table 7) and the Data Authentication Code (9F45). See
//     RecoverIssuerKey, SignStaticData, VerifySDA.
//   - §6 Dynamic Data Authentication: the ICC public key certificate
//     (format 04, Table 14) bound to the static data to be authenticated,
//     the Signed Dynamic Application Data (format 05, Table 17) of DDA and
//     its contactless form fDDA, and Combined DDA/Application Cryptogram
//     Generation (§6.6) with the Transaction Data Hash Code over PDOL,
//     CDOL1, CDOL2 data and the GENERATE AC response. See RecoverICCKey,
//     SignDDA, VerifyDDA, SignFDDA, VerifyFDDA, SignCDA, VerifyCDA.
//   - §7 Offline PIN encipherment: EncipherPIN for the terminal,
//     DecipherPIN for the card's VERIFY; the ICC PIN Encipherment key
//     certificate (9F2D) is an ICC certificate without static data.
//   - Annex A2.1: every signature is ISO/IEC 9796-2 scheme 1 with SHA-1
//     and full message recovery over raw RSA — header 6A, recoverable data,
//     hash, trailer BC — with exponent 3 or 65537 and moduli up to 1984
//     bits.
//   - §11.2.2: certification authority public keys, their SHA-1 checksum
//     (checked when a key is loaded into a CAStore), and revocation of
//     issuer certificates by RID, CA index and serial number
//     (RevocationList).
//
// The terminal's order of work is Book 3 §10.3: build the static data to
// be authenticated from the original bytes of the records the AFL marks
// (StaticData), look up the CA key by RID and index (8F), recover the
// issuer key (90, 92, 9F32), then either verify SDA (93) or recover the
// ICC key (9F46, 9F48, 9F47) and verify DDA or CDA (9F4B). Every failed
// check returns an *Error wrapping its own sentinel (ErrHashMismatch,
// ErrExpired, ErrPANMismatch, ErrRevoked, …), so the kernel can set the
// right TVR bit and a test can tell the failures apart.
//
// Real CA private keys are not public. PublishedTestCAKeys carries the test
// keys Visa, Mastercard and American Express publish; a simulation signs
// with its own CertificationAuthority instead.
//
// Keys come from GenerateKey, which draws every prime candidate from the
// io.Reader it is given. crypto/rsa.GenerateKey and, since Go 1.26,
// crypto/rand.Prime ignore a caller's reader, so a seeded reader here is
// what makes a whole transaction reproducible byte for byte. The raw
// private-key operation, which crypto/rsa does not expose, is implemented
// with math/big using the Chinese remainder theorem and is checked with
// the public key before it is returned. The arithmetic is not
// constant-time: these are keys for a simulator.
//
// Private keys never appear in errors or String output; String methods mask
// the PAN with emv.MaskPAN.
package oda

// Package emv is the vocabulary shared by the card, the terminal and the
// issuer: data elements, their BER-TLV coding, commands and responses, and
// the codecs of the data elements the kernel reasons about.
//
//   - Tags and the data element dictionary ([Tag], [Lookup], the Tag…
//     constants) follow EMV 4.4 Book 3 Annex A, with the contactless
//     elements of EMV Contactless Books C-2, C-3 and C-4 a kernel needs.
//   - BER-TLV coding follows Book 3 Annex B and ISO/IEC 7816-4 §5.2: the
//     [Scanner] walks untrusted bytes without panicking and keeps each
//     object's original bytes; [Find], [Walk] and [DuplicateTags] search
//     trees; [AppendTLV] builds them, and [DecodeTree] and [EncodeTree]
//     bridge to github.com/moov-io/bertlv. [Describe] prints a tree for
//     people, masking card data.
//   - Command and response APDUs follow ISO/IEC 7816-4 §5.1 and Book 1
//     §9 and Book 3 §6; status words Book 1 §9.4, Book 3 §6.3.5 and
//     ISO/IEC 7816-4 §5.6.
//   - Data object lists follow Book 3 §5.4; the Application File Locator
//     Book 3 §10.2; the CVM list and CVM results Book 3 §10.5 and Annex
//     C3; the TVR, TSI, AIP and AUC bit fields Book 3 Annex C; terminal
//     capabilities Book 4 Annex A; the contactless CTQ and TTQ EMV
//     Contactless Book C-3; track data ISO/IEC 7811-2 and ISO/IEC 7813.
//   - The messages between terminal and issuer carry the data of Book 4's
//     acquirer interface.
//
// The package never prints and never panics on outside data: malformed
// input gives a typed error that wraps one of the Err… sentinels.
package emv

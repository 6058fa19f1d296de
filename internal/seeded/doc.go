// Package seeded is a deterministic byte stream for reproducible key
// generation: the blocks SHA-256(seed || counter), the counter an 8-byte
// big-endian number from 0. Given to a key generator that reads its random
// source byte for byte (emv/oda.GenerateKey), a seed names one key, so a
// card profile or a test can carry a short seed instead of an RSA key
// (EMV 4.4 Book 2 §5–6 keys stay the same from run to run).
//
// It is not a cryptographic random source for anything secret: anyone who
// knows the seed knows the stream.
package seeded

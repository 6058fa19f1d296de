package oda

import "sync"

// RevocationList holds revoked issuer certificates, each named by the RID
// and index of the CA key that signed it and its serial number (Book 2
// §5.3 step 10, Book 3 §10.3). The zero value is empty; a nil list revokes
// nothing. It is safe for concurrent use.
type RevocationList struct {
	mu sync.RWMutex
	m  map[revocation]struct{}
}

type revocation struct {
	rid    RID
	index  byte
	serial [3]byte
}

// Add revokes one issuer certificate.
func (l *RevocationList) Add(rid RID, caIndex byte, serial [3]byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.m == nil {
		l.m = make(map[revocation]struct{})
	}
	l.m[revocation{rid, caIndex, serial}] = struct{}{}
}

// Contains reports whether the certificate is revoked.
func (l *RevocationList) Contains(rid RID, caIndex byte, serial [3]byte) bool {
	if l == nil {
		return false
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	_, ok := l.m[revocation{rid, caIndex, serial}]
	return ok
}

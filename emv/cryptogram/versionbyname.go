package cryptogram

// knownVersions are the versions VersionByName knows, in the order they
// are declared.
var knownVersions = [...]*Version{&VisaCVN10, &VisaCVN18, &MastercardCVN16, &MastercardCVN17, &AmexCVN01}

// VersionByName returns the named cryptogram version whose Name is name
// ("Visa CVN 10", "American Express AEIPS CVN 01", …), so a profile or a
// configuration file can name the version card and issuer both use.
func VersionByName(name string) (Version, bool) {
	for _, v := range knownVersions {
		if v.Name == name {
			return *v, true
		}
	}
	return Version{}, false
}

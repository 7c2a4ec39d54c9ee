package contract

import "slices"

// formatAccepts reports whether every value valid under format old is
// valid under format new. An empty format accepts everything; a format
// accepts nothing that a different one accepts, except for the known
// supersets below (an email is an idn-email, a URI is an IRI and a URI
// reference, a 32-bit integer is a 64-bit one …).
func formatAccepts(new, old string) bool {
	switch {
	case new == "" || new == old:
		return true
	case old == "":
		return false
	}
	return slices.Contains(formatSupersets(old), new)
}

// formatSupersets returns the formats that accept every value of f.
func formatSupersets(f string) []string {
	switch f {
	case "email":
		return []string{"idn-email"}
	case "hostname":
		return []string{"idn-hostname"}
	case "uri":
		return []string{"iri", "uri-reference", "iri-reference"}
	case "iri", "uri-reference":
		return []string{"iri-reference"}
	case "int32":
		return []string{"int64"}
	case "float":
		return []string{"double"}
	}
	return nil
}

package contract

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	yaml "github.com/pb33f/go-yaml"
)

// Ack acknowledges one deliberate breaking change so that the gate lets it
// pass. An acknowledgement file lists them, in YAML or JSON:
//
//	acknowledged:
//	  - rule: response-property-removed
//	    location: "GET /users/{user_id} response 200 body.nickname"
//	    reason: "never filled in; the mobile team agreed (TICKET-12)"
//
// Location is matched exactly, except that * matches any run of
// characters. The reason is required: it is printed with the change.
type Ack struct {
	Rule     string `json:"rule" yaml:"rule"`
	Location string `json:"location" yaml:"location"`
	Reason   string `json:"reason" yaml:"reason"`
}

// Acks is the content of an acknowledgement file.
type Acks []Ack

// LoadAcks reads an acknowledgement file.
func LoadAcks(path string) (Acks, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	a, err := ParseAcks(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return a, nil
}

// ParseAcks reads acknowledgements in YAML or JSON: an object with an
// "acknowledged" list, or the list alone.
func ParseAcks(data []byte) (Acks, error) {
	var file struct {
		Acknowledged Acks `json:"acknowledged" yaml:"acknowledged"`
	}
	var list Acks
	trimmed := strings.TrimSpace(string(data))
	var err error
	switch {
	case strings.HasPrefix(trimmed, "["):
		err = json.Unmarshal(data, &list)
	case strings.HasPrefix(trimmed, "{"):
		err = json.Unmarshal(data, &file)
		list = file.Acknowledged
	case strings.HasPrefix(trimmed, "-"):
		err = yaml.Unmarshal(data, &list)
	default:
		err = yaml.Unmarshal(data, &file)
		list = file.Acknowledged
	}
	if err != nil {
		return nil, err
	}
	for i, a := range list {
		if _, ok := RuleByID(a.Rule); !ok {
			return nil, fmt.Errorf("acknowledgement %d: unknown rule %q", i+1, a.Rule)
		}
		if a.Location == "" {
			return nil, fmt.Errorf("acknowledgement %d (%s): no location", i+1, a.Rule)
		}
		if strings.TrimSpace(a.Reason) == "" {
			return nil, fmt.Errorf("acknowledgement %d (%s at %s): a reason is required", i+1, a.Rule, a.Location)
		}
	}
	return list, nil
}

// Matches reports whether the acknowledgement covers c.
func (a Ack) Matches(c Change) bool {
	return a.Rule == c.Rule && glob(a.Location, c.Location)
}

// apply marks the changes the acknowledgements cover and returns those
// that covered nothing.
func (as Acks) apply(changes []Change) (unused Acks) {
	used := make([]bool, len(as))
	for i := range changes {
		for j, a := range as {
			if a.Matches(changes[i]) {
				changes[i].Acknowledged = a.Reason
				used[j] = true
				break
			}
		}
	}
	for j, a := range as {
		if !used[j] {
			unused = append(unused, a)
		}
	}
	return unused
}

// glob matches s against pattern, where * matches any run of characters.
func glob(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == s
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return strings.HasSuffix(s, parts[len(parts)-1])
}

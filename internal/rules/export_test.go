package rules

// LegacyForTest are the shipped sets as they were before their
// corrections.
func LegacyForTest() []*Set {
	var out []*Set
	for _, c := range corrections() {
		s := *c.legacy
		s.Rules = nil
		for _, r := range c.legacy.Rules {
			x := *r
			s.Rules = append(s.Rules, &x)
		}
		out = append(out, &s)
	}
	return out
}

package model

import (
	"fmt"
	"strings"
)

// ProfileSeparator separates the figures of a profile by quarter or by
// period in its text: "by quarter: 4000.00; 2000.00; 2000.00; 0.00". A
// comma would be read as a thousands separator.
const ProfileSeparator = ";"

// Text writes the profile so that ParseProfile reads back the same
// profile, as a cell of the plan's file holds it: "" for the default,
// "even", "months in post", "all in P3", or "by quarter: " and "by
// period: " followed by the figures, plain amounts separated by "; ".
func (pr Profile) Text() string {
	switch pr.Kind {
	case ProfileDefault:
		return ""
	case ProfileEven:
		return "even"
	case ProfileMonthsInPost:
		return "months in post"
	case ProfileOnePeriod:
		return "all in " + pr.Period.String()
	case ProfileQuarters, ProfilePeriods:
		figures := make([]string, len(pr.Weights))
		for i, w := range pr.Weights {
			figures[i] = w.Plain()
		}
		return pr.String() + ": " + strings.Join(figures, ProfileSeparator+" ")
	}
	return string(pr.Kind)
}

// ParseProfile reads a profile as Text writes it, with case and spaces
// ignored, and the officer's variants: "" or "default"; "even" or
// "evenly"; "months in post"; "all in P3", "all in June" or "one period
// P3"; "by quarter: ..." or "quarters: ..."; "by period: ..." or
// "periods: ...". The figures are amounts as ParseMoney reads them (£ and
// thousands separators allowed), separated by ";". What it returns passes
// Check.
func ParseProfile(s string) (Profile, error) {
	t := strings.ToLower(strings.Join(strings.Fields(s), " "))
	if len(t) > 1000 {
		return Profile{}, fmt.Errorf("the profile %.20q... is too long", s)
	}
	var pr Profile
	head, figures, hasFigures := strings.Cut(t, ":")
	head = strings.TrimSpace(head)
	switch {
	case head == "" || head == "default":
	case head == "even" || head == "evenly":
		pr.Kind = ProfileEven
	case head == "months in post":
		pr.Kind = ProfileMonthsInPost
	case head == "by quarter" || head == "quarters" || head == "by quarters":
		pr.Kind = ProfileQuarters
	case head == "by period" || head == "periods" || head == "by periods":
		pr.Kind = ProfilePeriods
	case strings.HasPrefix(head, "all in ") || strings.HasPrefix(head, "one period "):
		// The period as written, for the message: head is lower case.
		// Both ways of saying it are two words before the period.
		origHead, _, _ := strings.Cut(s, ":")
		written := ""
		if f := strings.Fields(origHead); len(f) > 2 {
			written = strings.Join(f[2:], " ")
		}
		// A period or a month: a date would need the plan's year, which
		// a profile does not know.
		p, err := ParsePeriod(written, 0)
		asDate := strings.ContainsAny(written, "/-.") && !strings.HasPrefix(strings.ToUpper(written), "P")
		if asDate || err != nil && strings.Contains(err.Error(), FinancialYear(0)) {
			// ParsePeriod's words about dates name a year it was not given.
			return Profile{}, fmt.Errorf("%q is not a profile: after \"all in\" give a period, P1 (April) to P12 (March), or a month name such as December", strings.TrimSpace(s))
		}
		if err != nil {
			return Profile{}, fmt.Errorf("%q is not a profile: %w", strings.TrimSpace(s), err)
		}
		pr.Kind, pr.Period = ProfileOnePeriod, p
	default:
		return Profile{}, fmt.Errorf("%q is not a profile: use default, even, months in post, all in P3, "+
			"by quarter: followed by 4 figures, or by period: followed by 12, separated by %q", strings.TrimSpace(s), ProfileSeparator)
	}
	takesFigures := pr.Kind == ProfileQuarters || pr.Kind == ProfilePeriods
	switch {
	case takesFigures && !hasFigures:
		return Profile{}, fmt.Errorf("the profile %q has no figures: write them after a colon, separated by %q", strings.TrimSpace(s), ProfileSeparator)
	case !takesFigures && hasFigures:
		return Profile{}, fmt.Errorf("a %s profile takes no figures: %q", pr, strings.TrimSpace(s))
	}
	if takesFigures {
		for _, f := range strings.Split(figures, ProfileSeparator) {
			m, err := ParseMoney(f)
			if err != nil {
				return Profile{}, fmt.Errorf("the profile's figures: %w", err)
			}
			pr.Weights = append(pr.Weights, m)
		}
	}
	if err := pr.Check(); err != nil {
		return Profile{}, err
	}
	return pr, nil
}

// RekeyProfiles moves profiles keyed by the lines and posts of from to the
// same lines and posts of to, a renumbering of it (AdoptIDs keeps the
// order): from.Lines[i] is to.Lines[i]. Profiles of no line or post of
// from are dropped.
func RekeyProfiles(profiles map[ID]Profile, from, to *Plan) map[ID]Profile {
	if profiles == nil {
		return nil
	}
	out := map[ID]Profile{}
	for i := range from.Lines {
		if pr, ok := profiles[from.Lines[i].ID]; ok && i < len(to.Lines) {
			out[to.Lines[i].ID] = pr
		}
	}
	for i := range from.Posts {
		if pr, ok := profiles[from.Posts[i].ID]; ok && i < len(to.Posts) {
			out[to.Posts[i].ID] = pr
		}
	}
	return out
}

// ProfilesChange reports whether giving p's lines and posts the profiles
// of a file (keyed by p's IDs; an item not in it has the default) changes
// any of those they have.
func ProfilesChange(p *Plan, have, file map[ID]Profile) bool {
	for _, it := range p.Items() {
		if have[it.ID].Text() != file[it.ID].Text() {
			return true
		}
	}
	return false
}

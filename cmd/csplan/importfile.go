package main

import (
	"fmt"
	"io"
	"strings"

	"csplan/model"
	"csplan/store"
	"csplan/store/foreign"
)

// importFlags are the flags that say how a file of the officer's own
// layout is read and what it replaces.
type importFlags struct {
	maps             []string
	sheet            string
	lines            bool
	createPriorities bool
	dryRun           bool
}

// options reads --map FIELD=HEADER (repeatable) and --sheet.
func (f importFlags) options() (store.ImportOptions, error) {
	o := store.ImportOptions{Sheet: strings.TrimSpace(f.sheet)}
	for _, m := range f.maps {
		field, header, ok := strings.Cut(m, "=")
		if !ok || strings.TrimSpace(header) == "" {
			return o, fmt.Errorf("--map %q: give FIELD=HEADER, e.g. --map cost=\"Budget 2017/18\"", m)
		}
		fd, err := foreign.ParseField(field)
		if err != nil {
			return o, fmt.Errorf("--map %q: %w", m, err)
		}
		if o.Map == nil {
			o.Map = map[foreign.Field]string{}
		}
		if _, twice := o.Map[fd]; twice {
			return o, fmt.Errorf("--map names the %s column twice", fd)
		}
		o.Map[fd] = strings.TrimSpace(header)
	}
	return o, nil
}

// printMapping says which column each field was read from, with a
// sample value, so the officer can check it and correct it with --map.
func printMapping(w io.Writer, path string, res *foreign.Result) {
	where := path
	if res.Sheet != "" {
		where = fmt.Sprintf("%s, sheet %q", path, res.Sheet)
	}
	fmt.Fprintf(w, "Read %s in a layout of its own (headers in row %d); columns mapped:\n", where, res.HeaderRow)
	printColumns(w, res.Mapping)
	for _, part := range res.Parts[min(1, len(res.Parts)):] {
		fmt.Fprintf(w, "Read posts from sheet %q too (headers in row %d; --sheet %q reads the lines alone); columns mapped:\n",
			part.Sheet, part.HeaderRow, res.Sheet)
		printColumns(w, part.Mapping)
	}
	fmt.Fprintln(w, "  (correct a column with --map FIELD=HEADER; FIELD is one of title, cost, priority, owner, kind, pcc, notes, fte, salary, start, end, share)")
}

// printColumns lists each field of a mapping with its column and a sample.
func printColumns(w io.Writer, m foreign.Mapping) {
	for _, c := range m {
		how := ""
		if c.ByHand {
			how = " (--map)"
		}
		sample := ""
		if c.Sample != "" {
			sample = fmt.Sprintf("   e.g. %q", clip(c.Sample, 40))
		}
		fmt.Fprintf(w, "  %-20s <- %q%s%s\n", c.Field.Describe(), c.Header, how, sample)
	}
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// printPreview says what replacing current with next would do: how many
// lines and posts, the total against the envelope, and each change.
func printPreview(w io.Writer, current, next *model.Plan) {
	t := model.ComputeTotals(next)
	fmt.Fprintf(w, "After the import: %s, %s; allocated %s of the %s envelope (headroom %s; %s on confirmed money).\n",
		plural(len(next.Lines), "line"), plural(len(next.Posts), "post"), t.Allocated, t.EnvelopeAll, t.HeadroomAll, t.HeadroomConfirmed)
	sc, missed := model.ScenarioFromPlan("", current, next)
	if len(sc.Steps) == 0 && len(missed) == 0 {
		fmt.Fprintln(w, "Against the plan: no changes.")
		return
	}
	fmt.Fprintln(w, "Against the plan:")
	for _, st := range sc.Steps {
		fmt.Fprintf(w, "  - %s\n", st.Describe(current))
	}
	for _, m := range missed {
		fmt.Fprintf(w, "  - %s\n", m)
	}
}

// linesPlan is current with the imported file's lines (and posts, when
// it has any) in place of its own, IDs matched to current's. It refuses,
// listing them, SWP priorities or PCC priorities that the plan lacks,
// unless create.
func linesPlan(path string, current, imported *model.Plan, create bool) (*model.Plan, []string, error) {
	next, prs, tags := model.ReplaceLines(current, imported, create)
	var added []string
	for _, n := range prs {
		added = append(added, fmt.Sprintf("SWP priority %q", n))
	}
	for _, n := range tags {
		added = append(added, fmt.Sprintf("PCC priority %q", n))
	}
	if next == nil {
		return nil, added, fmt.Errorf("%s names %s, which the plan does not have; nothing was imported: "+
			"add --create-priorities to create them, or correct the names in the file", path, strings.Join(added, ", "))
	}
	return model.AdoptIDs(current, next), added, nil
}

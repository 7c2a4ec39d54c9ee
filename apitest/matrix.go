package apitest

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Print writes each document's matrix to w.
func (c Coverage) Print(w io.Writer) {
	for _, d := range c.Documents {
		d.print(w)
	}
}

// Coverage is the contract coverage of a package's tests, as RunWithCoverage
// prints and writes it.
type Coverage struct {
	Documents []DocumentCoverage `json:"documents"`
}

// DocumentCoverage is the coverage of one document.
type DocumentCoverage struct {
	Title        string         `json:"title"`
	Version      string         `json:"version"`
	Covered      int            `json:"covered"`
	Total        int            `json:"total"`
	Ratio        float64        `json:"ratio"`
	Cells        []CoverageCell `json:"cells"`
	Undocumented []CoverageCell `json:"undocumented,omitempty"`
}

// CoverageCell is one documented response (or, under Undocumented, an
// answer the document lacks) and how often tests got it.
type CoverageCell struct {
	Operation   string `json:"operation"`
	Method      string `json:"method"`
	Path        string `json:"path"`
	Status      string `json:"status"`
	ContentType string `json:"contentType,omitempty"`
	Hits        int64  `json:"hits"`
}

// CurrentCoverage returns the coverage recorded so far in this process.
func CurrentCoverage() Coverage { return snapshot() }

func snapshot() Coverage {
	registry.mu.Lock()
	docs := slices.Clone(registry.docs)
	registry.mu.Unlock()
	var c Coverage
	for _, dc := range docs {
		c.Documents = append(c.Documents, dc.snapshot())
	}
	return c
}

func (dc *docCoverage) snapshot() DocumentCoverage {
	d := DocumentCoverage{Title: dc.title, Version: dc.version}
	byID := map[string]opInfo{}
	for _, op := range dc.ops {
		byID[op.id] = op
		for _, k := range op.cells {
			n := dc.hits[k].Load()
			d.Cells = append(d.Cells, CoverageCell{op.id, op.method, op.path, k.status, k.contentType, n})
			d.Total++
			if n > 0 {
				d.Covered++
			}
		}
	}
	if d.Total > 0 {
		d.Ratio = float64(d.Covered) / float64(d.Total)
	}
	dc.mu.Lock()
	for k, n := range dc.undocumented {
		op := byID[k.op]
		d.Undocumented = append(d.Undocumented, CoverageCell{k.op, op.method, op.path, k.status, k.contentType, int64(n)})
	}
	dc.mu.Unlock()
	slices.SortFunc(d.Undocumented, func(a, b CoverageCell) int {
		return strings.Compare(a.Operation+" "+a.Status+" "+a.ContentType, b.Operation+" "+b.Status+" "+b.ContentType)
	})
	return d
}

// Check returns an error naming each document below min (a ratio, 0 to 1)
// and each required operation never exercised.
func (c Coverage) Check(min float64, required ...string) error {
	var problems []string
	hit := map[string]bool{}
	known := map[string]bool{}
	for _, d := range c.Documents {
		if d.Total > 0 && d.Ratio < min {
			problems = append(problems, fmt.Sprintf("%s covers %.1f%% of its responses, below the required %.1f%%",
				d.name(), 100*d.Ratio, 100*min))
		}
		for _, cell := range d.Cells {
			known[cell.Operation] = true
			if cell.Hits > 0 {
				hit[cell.Operation] = true
			}
		}
	}
	for _, id := range required {
		switch {
		case !known[id]:
			problems = append(problems, fmt.Sprintf("required operation %s is not in any document checked", id))
		case !hit[id]:
			problems = append(problems, fmt.Sprintf("required operation %s was never exercised", id))
		}
	}
	if len(problems) == 0 {
		return nil
	}
	return fmt.Errorf("apitest: contract coverage FAILED:\n  %s", strings.Join(problems, "\n  "))
}

func (d DocumentCoverage) name() string {
	if d.Version != "" {
		return fmt.Sprintf("%q %s", d.Title, d.Version)
	}
	return strconv.Quote(d.Title)
}

// print renders the matrix: operations as rows, statuses as columns; a
// number is how many responses a test got, "·" a documented response no test
// got, blank one the operation does not document. A "*" marks a status
// whose content types were only partly exercised.
func (d DocumentCoverage) print(w io.Writer) {
	fmt.Fprintf(w, "\napitest: contract coverage of %s: %d of %d responses exercised (%.1f%%)\n",
		d.name(), d.Covered, d.Total, 100*d.Ratio)
	type row struct {
		label string
		cells map[string][2]int64 // status -> {hits, missed content types}
	}
	var rows []row
	var codes []string
	seen := map[string]bool{}
	index := map[string]int{}
	idWidth, methodWidth := 0, 0
	for _, c := range d.Cells {
		idWidth, methodWidth = max(idWidth, len(c.Operation)), max(methodWidth, len(c.Method))
	}
	for _, c := range d.Cells {
		i, ok := index[c.Operation]
		if !ok {
			i = len(rows)
			index[c.Operation] = i
			label := fmt.Sprintf("%-*s  %-*s %s", idWidth, c.Operation, methodWidth, c.Method, c.Path)
			rows = append(rows, row{label: label, cells: map[string][2]int64{}})
		}
		v := rows[i].cells[c.Status]
		v[0] += c.Hits
		if c.Hits == 0 {
			v[1]++
		}
		rows[i].cells[c.Status] = v
		if !seen[c.Status] {
			seen[c.Status] = true
			codes = append(codes, c.Status)
		}
	}
	slices.Sort(codes)
	width := len("operation")
	for _, r := range rows {
		width = max(width, len(r.label))
	}
	const col = 6
	fmt.Fprintf(w, "  %-*s", width, "operation")
	for _, c := range codes {
		fmt.Fprintf(w, "%*s", col, c)
	}
	fmt.Fprintf(w, "%*s\n", col+2, "hit")
	for _, r := range rows {
		fmt.Fprintf(w, "  %-*s", width, r.label)
		hitCells, all := 0, 0
		for _, c := range codes {
			v, ok := r.cells[c]
			var cell string
			switch {
			case !ok:
				cell = ""
			case v[0] == 0:
				cell = "·"
			case v[1] > 0:
				cell = strconv.FormatInt(v[0], 10) + "*"
			default:
				cell = strconv.FormatInt(v[0], 10)
			}
			if ok {
				all++
				if v[0] > 0 {
					hitCells++
				}
			}
			fmt.Fprintf(w, "%*s", col, cell)
		}
		fmt.Fprintf(w, "%*s\n", col+2, fmt.Sprintf("%d/%d", hitCells, all))
	}
	fmt.Fprintln(w, "  (n = responses received, · = documented but never exercised, blank = not documented)")
	for _, u := range d.Undocumented {
		ct := u.ContentType
		if ct == "" {
			ct = "no content type"
		}
		fmt.Fprintf(w, "  undocumented: %s %s %s → %s %s (%d×)\n", u.Operation, u.Method, u.Path, u.Status, ct, u.Hits)
	}
}

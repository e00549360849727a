package mutate

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Total adds up the counts of every kata.
func Total(katas []Kata) Counts {
	var c Counts
	for _, k := range katas {
		c = c.Plus(k.Counts())
	}
	return c
}

// score formats a mutation score, or "-" when there is none.
func score(c Counts) string {
	p, ok := c.Score()
	if !ok {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", p)
}

// WriteTable prints a row of counts per kata and a total; with verbose, a
// row per mutant; then every survivor with its diff, and the problems and
// notes of the equivalent files.
func WriteTable(w io.Writer, katas []Kata, verbose bool) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "KATA\tMUTANTS\tKILLED\tTIMED OUT\tSURVIVED\tEQUIVALENT\tNOT COMPILED\tSCORE\tNOTE")
	for _, k := range katas {
		c := k.Counts()
		if k.Err != "" {
			fmt.Fprintf(tw, "%s\t-\t-\t-\t-\t-\t-\t-\t%s\n", k.ID, k.Err)
			continue
		}
		var note []string
		if c.Mutants < k.Mutants {
			note = append(note, fmt.Sprintf("%d of %d mutants judged", c.Mutants, k.Mutants))
		}
		if c.Errors > 0 {
			note = append(note, fmt.Sprintf("%d not judged", c.Errors))
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s\n", k.ID, c.Mutants, c.Killed, c.TimedOut, c.Survived,
			c.Equivalent, c.NotCompiled, score(c), strings.Join(note, "; "))
	}
	t := Total(katas)
	fmt.Fprintf(tw, "total\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t\n", t.Mutants, t.Killed, t.TimedOut, t.Survived, t.Equivalent, t.NotCompiled, score(t))
	if err := tw.Flush(); err != nil {
		return err
	}

	if verbose {
		fmt.Fprintln(w)
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "KATA\tMUTANT\tSTATUS\tSECONDS\tWHAT\tVERDICT")
		for _, k := range katas {
			for _, r := range k.Results {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%.1f\t%s\t%s\n", k.ID, r.ID, r.Status, r.Seconds, r.Description, r.verdict())
			}
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}

	if t.Survived > 0 {
		what := fmt.Sprintf("%d mutants survived: no test kills them. Each needs", t.Survived)
		if t.Survived == 1 {
			what = "1 mutant survived: no test kills it. It needs"
		}
		fmt.Fprintf(w, "\n%s a test that does or, if no test keeping to the kata's\n"+
			"contract can, a line in its kata's equivalent.txt saying why (docs/mutation.md).\n", what)
		for _, k := range katas {
			for _, r := range k.Results {
				if r.Status != Survived {
					continue
				}
				fmt.Fprintf(w, "\n%s %s in %s: %s", k.ID, r.ID, r.Func, r.Description)
				if r.Detail != "" {
					fmt.Fprintf(w, " (%s)", r.Detail)
				}
				fmt.Fprintf(w, "\nequivalent? add to %s: %s %s <why no test keeping to the contract can kill it>\n%s",
					EquivalentFile(k.ID), r.ID, r.Fingerprint, r.Diff)
			}
		}
	}
	writeFindings(w, katas)
	_, err := fmt.Fprintf(w, "\nmutate: %d mutants, %d killed, %d timed out, %d survived, %d equivalent, %d did not compile; score %s\n",
		t.Mutants, t.Killed, t.TimedOut, t.Survived, t.Equivalent, t.NotCompiled, score(t))
	return err
}

// writeFindings prints the problems and notes of the katas' equivalent files.
func writeFindings(w io.Writer, katas []Kata) {
	for _, list := range []struct {
		title string
		lines func(Kata) []string
	}{{"Problems", func(k Kata) []string { return k.Problems }}, {"Notes", func(k Kata) []string { return k.Notes }}} {
		var all []string
		for _, k := range katas {
			all = append(all, list.lines(k)...)
		}
		if len(all) > 0 {
			fmt.Fprintf(w, "\n%s:\n", list.title)
			for _, l := range all {
				fmt.Fprintf(w, "  %s\n", l)
			}
		}
	}
}

// WriteList prints the mutants of each kata, one per line, without judging
// them; with diffs, each mutant's line is followed by its diff. The problems
// and notes of the equivalent files follow.
func WriteList(w io.Writer, katas []Kata, diffs bool) error {
	if err := writeList(w, katas, diffs); err != nil {
		return err
	}
	writeFindings(w, katas)
	return nil
}

func writeList(w io.Writer, katas []Kata, diffs bool) error {
	if diffs {
		for _, k := range katas {
			for _, r := range k.Results {
				fmt.Fprintf(w, "%s %s %s in %s: %s\n", k.ID, r.ID, r.Fingerprint, r.Func, r.Description)
				if r.CompileError != "" {
					fmt.Fprintf(w, "does not compile: %s\n", r.CompileError)
				}
				if _, err := fmt.Fprintln(w, r.Diff); err != nil {
					return err
				}
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "KATA\tMUTANT\tFINGERPRINT\tFUNCTION\tWHAT\tNOTE")
	for _, k := range katas {
		for _, r := range k.Results {
			note := ""
			if r.CompileError != "" {
				note = "does not compile: " + r.CompileError
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", k.ID, r.ID, r.Fingerprint, r.Func, r.Description, note)
		}
	}
	return tw.Flush()
}

// Schema names the JSON document WriteJSON writes.
const Schema = "deli-mutate/v1"

// Meta is what a JSON document says about the run as a whole.
type Meta struct {
	GoVersion string
	CPUs      int
	Jobs      int
	Speedup   bool // the speedup tests ran
	Sample    int  // mutants judged per kata, 0 for all
}

type jsonDoc struct {
	Schema    string     `json:"schema"`
	GoVersion string     `json:"go_version"`
	CPUs      int        `json:"cpus"`
	Jobs      int        `json:"jobs"`
	Speedup   bool       `json:"speedup"`
	Sample    int        `json:"sample"`
	Katas     []jsonKata `json:"katas"`
	Total     jsonCounts `json:"total"`
}

type jsonKata struct {
	ID       string       `json:"id"`
	File     string       `json:"file"`
	Mutants  int          `json:"mutants"` // all the solution has; counts.mutants were judged
	Error    string       `json:"error,omitempty"`
	Counts   jsonCounts   `json:"counts"`
	Results  []jsonResult `json:"results"`
	Problems []string     `json:"problems"`
	Notes    []string     `json:"notes"`
}

type jsonCounts struct {
	Mutants     int      `json:"mutants"`
	Killed      int      `json:"killed"`
	TimedOut    int      `json:"timed_out"`
	Survived    int      `json:"survived"`
	Equivalent  int      `json:"equivalent"`
	NotCompiled int      `json:"did_not_compile"`
	Errors      int      `json:"errors"`
	Score       *float64 `json:"score"` // percent; null when nothing could be scored
}

type jsonResult struct {
	ID          string  `json:"id"`
	Operator    string  `json:"operator"`
	Line        int     `json:"line"`
	Function    string  `json:"function"`
	Description string  `json:"description"`
	Fingerprint string  `json:"fingerprint"`
	Status      Status  `json:"status"`
	Dimension   string  `json:"dimension,omitempty"`
	Test        string  `json:"test,omitempty"`
	Detail      string  `json:"detail,omitempty"`
	Seconds     float64 `json:"seconds"`
	Diff        string  `json:"diff"`
}

func countsJSON(c Counts) jsonCounts {
	j := jsonCounts{Mutants: c.Mutants, Killed: c.Killed, TimedOut: c.TimedOut, Survived: c.Survived,
		Equivalent: c.Equivalent, NotCompiled: c.NotCompiled, Errors: c.Errors}
	if p, ok := c.Score(); ok {
		p = float64(int(p*10+0.5)) / 10
		j.Score = &p
	}
	return j
}

// WriteJSON writes the results as one JSON document (schema deli-mutate/v1,
// described in docs/mutation.md).
func WriteJSON(w io.Writer, katas []Kata, meta Meta) error {
	doc := jsonDoc{Schema: Schema, GoVersion: meta.GoVersion, CPUs: meta.CPUs, Jobs: meta.Jobs, Speedup: meta.Speedup,
		Sample: meta.Sample, Katas: []jsonKata{}, Total: countsJSON(Total(katas))}
	for _, k := range katas {
		jk := jsonKata{ID: k.ID, File: k.File, Mutants: k.Mutants, Error: k.Err, Counts: countsJSON(k.Counts()),
			Results: []jsonResult{}, Problems: nonNil(k.Problems), Notes: nonNil(k.Notes)}
		for _, r := range k.Results {
			jk.Results = append(jk.Results, jsonResult{ID: r.ID, Operator: r.Operator, Line: r.Line, Function: r.Func,
				Description: r.Description, Fingerprint: r.Fingerprint, Status: r.Status, Dimension: string(r.Dimension),
				Test: r.Test, Detail: r.Detail, Seconds: r.Seconds, Diff: r.Diff})
		}
		doc.Katas = append(doc.Katas, jk)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

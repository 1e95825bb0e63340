package planfile

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// A file made from a scenario says so in a Scenario row, and reading it
// back gives the scenario's name; a plan's own export has no such row.
func TestScenarioRow(t *testing.T) {
	p := BuiltIn()
	var plan, what bytes.Buffer
	if err := Encode(&plan, p, EncodeOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := Encode(&what, p, EncodeOptions{Scenario: "=Pension at 16.1%"}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plan.String(), "\r\nScenario,") {
		t.Error("a plan's export has a Scenario row")
	}
	if !strings.Contains(what.String(), "\r\nScenario,,'=Pension at 16.1%,") {
		t.Errorf("a scenario's export has no Scenario row naming it:\n%.400s", what.String())
	}
	_, info, err := DecodeFile(bytes.NewReader(what.Bytes()))
	name := info.Scenario
	if err != nil {
		t.Fatal(err)
	}
	if name != "=Pension at 16.1%" {
		t.Errorf("the scenario read back is %q", name)
	}
	if _, info, err := DecodeFile(bytes.NewReader(plan.Bytes())); err != nil || info.Scenario != "" {
		name := info.Scenario
		t.Errorf("a plan's export reads as scenario %q (%v)", name, err)
	}

	twice := strings.Replace(what.String(), "\r\nScenario,", "\r\nScenario,,Other,,,,,,,,,,,,,,\r\nScenario,", 1)
	var de *DecodeError
	if _, _, err := DecodeFile(strings.NewReader(twice)); !errors.As(err, &de) || !strings.Contains(err.Error(), "second Scenario row") {
		t.Errorf("two Scenario rows: %v", err)
	}
}

// A file of part of the plan says so in a Subset row, read back as
// FileInfo.Subset; a whole plan's file has none, and a second Subset row
// or one that says nothing is a problem.
func TestSubsetRow(t *testing.T) {
	p := BuiltIn()
	p.Lines = p.Lines[:3]
	p.Posts = nil
	var part bytes.Buffer
	if err := Encode(&part, p, EncodeOptions{Scenario: "Cuts", Subset: "3 of 14 lines, filter: youth"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(part.String(), "\r\nScenario,,Cuts,") || !strings.Contains(part.String(), "\r\nSubset,,\"3 of 14 lines, filter: youth\",") {
		t.Fatalf("no Scenario and Subset rows:\n%.600s", part.String())
	}
	_, info, err := DecodeFile(bytes.NewReader(part.Bytes()))
	if err != nil || info.Subset != "3 of 14 lines, filter: youth" || info.Scenario != "Cuts" {
		t.Errorf("read back as subset %q of scenario %q (%v)", info.Subset, info.Scenario, err)
	}
	var plan bytes.Buffer
	if err := Encode(&plan, BuiltIn(), EncodeOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, info, err := DecodeFile(bytes.NewReader(plan.Bytes())); err != nil || info.Subset != "" {
		t.Errorf("a whole plan reads as subset %q (%v)", info.Subset, err)
	}
	var de *DecodeError
	twice := strings.Replace(part.String(), "\r\nSubset,", "\r\nSubset,,Other,,,,,,,,,,,,,,\r\nSubset,", 1)
	if _, _, err := DecodeFile(strings.NewReader(twice)); !errors.As(err, &de) || !strings.Contains(err.Error(), "second Subset row") {
		t.Errorf("two Subset rows: %v", err)
	}
	empty := strings.Replace(part.String(), "\"3 of 14 lines, filter: youth\"", "", 1)
	if _, _, err := DecodeFile(strings.NewReader(empty)); !errors.As(err, &de) || !strings.Contains(err.Error(), "does not say which part") {
		t.Errorf("an empty Subset row: %v", err)
	}
}

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

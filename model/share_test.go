package model

import (
	"testing"

	"pgregory.net/rapid"
)

func TestShareCutWorked(t *testing.T) {
	// £38,000 across 100, 200 and 300 thousand: 1/6, 2/6, 3/6 of it.
	parts, unc := ShareCut([]Money{Pounds(100000), Pounds(200000), Pounds(300000)}, Pounds(38000), Pounds(1))
	want := []string{"6333.00", "12667.00", "19000.00"}
	for i, w := range want {
		if parts[i].Plain() != w {
			t.Errorf("part %d = %s, want %s", i, parts[i].Plain(), w)
		}
	}
	if !unc.IsZero() {
		t.Errorf("uncovered %s", unc)
	}
	// A capped item passes its excess on.
	parts, unc = ShareCut([]Money{Pounds(10), Pounds(1000)}, Pounds(500), Pounds(1))
	if parts[0].Plain() != "5.00" || parts[1].Plain() != "495.00" || !unc.IsZero() {
		t.Errorf("got %v %v uncovered %v", parts[0], parts[1], unc)
	}
	// More than the items hold.
	parts, unc = ShareCut([]Money{Pence(1050), Pounds(20)}, Pounds(100), Pounds(1))
	if parts[0].Plain() != "10.00" || parts[1].Plain() != "20.00" || unc.Plain() != "70.00" {
		t.Errorf("got %v %v uncovered %v", parts[0], parts[1], unc)
	}
}

func TestShareCutProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 30).Draw(t, "n")
		amounts := make([]Money, n)
		var total Money
		for i := range amounts {
			amounts[i] = Pence(rapid.Int64Range(0, 50_000_000).Draw(t, "amount"))
			total = total.Add(amounts[i])
		}
		unit := Pounds(1)
		if rapid.Bool().Draw(t, "pennies") {
			unit = Pence(1)
		}
		cut := Pence(rapid.Int64Range(0, total.Pennies()+100_000).Draw(t, "cut"))
		if rapid.Bool().Draw(t, "whole units") {
			cut = MoneyFromDecimal(cut.Decimal().Div(unit.Decimal()).Floor().Mul(unit.Decimal()))
		}
		parts, unc := ShareCut(amounts, cut, unit)
		var sum, odd Money
		for i, p := range parts {
			if p.Sign() < 0 || p.Cmp(amounts[i]) > 0 {
				t.Fatalf("part %d = %s of %s", i, p, amounts[i])
			}
			odd = odd.Add(MoneyFromDecimal(p.Decimal().Mod(unit.Decimal())))
			sum = sum.Add(p)
		}
		// Parts are whole units but for the cut's own odd pennies.
		if cutOdd := MoneyFromDecimal(cut.Decimal().Mod(unit.Decimal())); odd.Cmp(cutOdd) > 0 {
			t.Fatalf("parts hold %s of odd pennies; the cut has %s", odd, cutOdd)
		}
		// The parts and what could not be placed add up to the cut asked
		// for, exactly; when all of it is placed, the parts alone do.
		if !sum.Add(unc).Equal(cut) {
			t.Fatalf("placed %s + uncovered %s != cut %s", sum, unc, cut)
		}
		if unc.Sign() > 0 && sum.Add(Pence(int64(len(amounts))*unit.Pennies())).Cmp(total) < 0 {
			t.Fatalf("%s uncovered, yet the items still hold %s", unc, total.Sub(sum))
		}
	})
}

func TestShareCutProportional(t *testing.T) {
	// With no caps binding, each part is within one unit of its ideal.
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 20).Draw(t, "n")
		amounts := make([]Money, n)
		var total Money
		for i := range amounts {
			amounts[i] = Pounds(rapid.Int64Range(1000, 100_000).Draw(t, "amount"))
			total = total.Add(amounts[i])
		}
		cut := Pounds(rapid.Int64Range(0, total.Pennies()/100/2).Draw(t, "cut"))
		parts, _ := ShareCut(amounts, cut, Pounds(1))
		for i, p := range parts {
			ideal := cut.Decimal().Mul(amounts[i].Decimal()).Div(total.Decimal())
			if p.Decimal().Sub(ideal).Abs().Cmp(Pounds(1).Decimal()) >= 0 {
				t.Fatalf("part %d = %s, ideal %s", i, p, ideal.StringFixed(4))
			}
		}
	})
}

func TestShareCutLargeAmounts(t *testing.T) {
	// Amounts near the £1bn ceiling: remaining x amount overflows 64 bits,
	// so the shares must come from the 128-bit product.
	amounts := make([]Money, 1000)
	for i := range amounts {
		amounts[i] = Pence(99_999_999_999 - int64(i))
	}
	cut := Pence(49_999_999_999_123)
	parts, unc := ShareCut(amounts, cut, Pence(1))
	var sum Money
	for i, p := range parts {
		if p.Sign() < 0 || p.Cmp(amounts[i]) > 0 {
			t.Fatalf("part %d = %s", i, p)
		}
		sum = sum.Add(p)
	}
	if !unc.IsZero() || !sum.Equal(cut) {
		t.Fatalf("parts add up to %s (uncovered %s), want %s", sum, unc, cut)
	}
}

func TestShareByWeights(t *testing.T) {
	parts, ok := ShareByWeights(Pence(10), []Money{Pounds(1), Pounds(-5), Pounds(2)})
	if !ok || !parts[0].Equal(Pence(3)) || !parts[1].IsZero() || !parts[2].Equal(Pence(7)) {
		t.Errorf("10p by 1:-5:2 = %v, %v; want 3p, 0, 7p (a negative weight counts as zero)", parts, ok)
	}
	parts, ok = ShareByWeights(Pounds(5), []Money{{}, Pounds(-1)})
	if ok || !parts[0].IsZero() || !parts[1].IsZero() {
		t.Errorf("no weight: %v, %v; want zeros and not ok", parts, ok)
	}
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 40).Draw(t, "n")
		w := make([]Money, n)
		for i := range w {
			w[i] = Pence(rapid.Int64Range(0, 99_999_999_999).Draw(t, "weight"))
		}
		w[0] = w[0].Add(Pence(1))
		total := Pence(rapid.Int64Range(-99_999_999_999, 99_999_999_999).Draw(t, "total"))
		parts, ok := ShareByWeights(total, w)
		var sum Money
		for _, p := range parts {
			sum = sum.Add(p)
		}
		if !ok || !sum.Equal(total) {
			t.Fatalf("%s by %v = %v (sum %s, ok %v)", total, w, parts, sum, ok)
		}
	})
}

package access

import (
	"testing"
)

func TestRateStrength(t *testing.T) {
	tests := []struct {
		name, pass string
		want       strength
	}{
		{"empty", "", strengthNone},
		{"short", "Tr0ub4dor&3", strengthWeak},
		{"common padded", "password1234", strengthWeak},
		{"keyboard runs", "qwertyqwerty123", strengthWeak},
		{"repeats", "aaaaaaaaaaaaaaaaaaaa", strengthWeak},
		{"own name", "samexample2026", strengthWeak},
		{"fair", "lantern orbit", strengthFair},
		{"four words", "lantern orbit pebble meadow", strengthGood},
		{"long", "a kettle sings at noon", strengthGood},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, hint := rateStrength(tt.pass, "Sam Example")
			if got != tt.want {
				t.Errorf("rateStrength(%q) = %v (%s), want %v", tt.pass, got, hint, tt.want)
			}
			if hint == "" {
				t.Error("no hint")
			}
		})
	}
}

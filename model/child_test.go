package model_test

import (
	"testing"
	"time"

	"homeward/model"
)

func TestValidNHSNumber(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		// 9434765919 and 4010232137 are published synthetic test numbers.
		{"synthetic test number", "9434765919", true},
		{"another synthetic test number", "4010232137", true},
		{"spaced as printed", "943 476 5919", true},
		{"spaces anywhere", " 94 34 76 59 19 ", true},
		{"check digit 0 (11 - 0 wraps to 0)", "2000000010", true}, // 2x10 + 1x2 = 22, 22 mod 11 = 0
		{"wrong check digit", "9434765918", false},
		{"two digits swapped", "9434765991", false},
		{"check digit would be 10", "1000000010", false},
		{"check digit would be 10, any last digit", "1000000019", false},
		{"empty", "", false},
		{"only spaces", "          ", false},
		{"nine digits", "943476591", false},
		{"eleven digits", "94347659190", false},
		{"a letter", "943476591A", false},
		{"letter l for 1", "94347659l9", false},
		{"hyphens", "943-476-5919", false},
		{"a tab", "943\t4765919", false},
		{"full-width digits", "９４３４７６５９１９", false},
		{"punctuation just below 0", "943476591/", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := model.ValidNHSNumber(tt.in); got != tt.want {
				t.Errorf("ValidNHSNumber(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestAgeOn(t *testing.T) {
	date := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	bst := time.FixedZone("BST", 60*60)
	tests := []struct {
		name     string
		dob, now time.Time
		want     int
	}{
		{"day before birthday", date(2010, 6, 15), date(2025, 6, 14), 14},
		{"on birthday", date(2010, 6, 15), date(2025, 6, 15), 15},
		{"day after birthday", date(2010, 6, 15), date(2025, 6, 16), 15},
		{"last second before birthday", date(2010, 6, 15), time.Date(2025, 6, 14, 23, 59, 59, 0, time.UTC), 14},
		{"month before birthday month, later day", date(2010, 6, 15), date(2025, 5, 20), 14},
		{"month after birthday month, earlier day", date(2010, 6, 15), date(2025, 7, 1), 15},
		{"born today", date(2025, 3, 14), date(2025, 3, 14), 0},
		{"born 31 December, now 1 January", date(2024, 12, 31), date(2025, 1, 1), 0},
		{"leap day birth, 28 February of a common year", date(2008, 2, 29), date(2025, 2, 28), 16},
		{"leap day birth, 1 March of a common year", date(2008, 2, 29), date(2025, 3, 1), 17},
		{"leap day birth, 28 February of a leap year", date(2008, 2, 29), date(2024, 2, 28), 15},
		{"leap day birth, 29 February of a leap year", date(2008, 2, 29), date(2024, 2, 29), 16},
		{"1 March birth in a leap year, on 29 February", date(2008, 3, 1), date(2024, 2, 29), 15},
		// Just after midnight on the birthday in the UK is still the day before in
		// UTC: the birthday counts by the calendar where now is.
		{"birthday just begun in British Summer Time", date(2010, 6, 15), time.Date(2025, 6, 15, 0, 30, 0, 0, bst), 15},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := model.AgeOn(tt.dob, tt.now); got != tt.want {
				t.Errorf("AgeOn(%s, %s) = %d, want %d", tt.dob.Format(time.DateOnly), tt.now.Format(time.DateTime), got, tt.want)
			}
		})
	}
}

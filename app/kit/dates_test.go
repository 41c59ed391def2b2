package kit

import (
	"testing"
	"time"
)

func TestParseDateTime(t *testing.T) {
	loc := time.UTC
	now := time.Date(2026, 11, 27, 16, 5, 30, 0, loc)
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, loc) }
	tests := []struct {
		name, in string
		want     time.Time
		err      error
	}{
		{"empty", "  ", time.Time{}, nil},
		{"usual", "27/11/2026 14:30", at(2026, 11, 27, 14, 30), nil},
		{"single digits", "3/4/2026 9:05", at(2026, 4, 3, 9, 5), nil},
		{"dashes and short year", "27-11-26 14:30", at(2026, 11, 27, 14, 30), nil},
		{"dots", "27.11.2026 14.30", at(2026, 11, 27, 14, 30), nil},
		{"pm", "27/11/2026 2:30pm", at(2026, 11, 27, 14, 30), nil},
		{"pm apart", "27/11/2026 2:30 PM", at(2026, 11, 27, 14, 30), nil},
		{"hour pm", "27/11/2026 2pm", at(2026, 11, 27, 14, 0), nil},
		{"midnight am", "27/11/2026 12am", at(2026, 11, 27, 0, 0), nil},
		{"month name", "27 Nov 2026 14:30", at(2026, 11, 27, 14, 30), nil},
		{"long month", "3 september 2026 08:00", at(2026, 9, 3, 8, 0), nil},
		{"comma", "27 Nov 2026, 14:30", at(2026, 11, 27, 14, 30), nil},
		{"no year", "26/11 22:10", at(2026, 11, 26, 22, 10), nil},
		{"no year last year", "28/12 22:10", at(2025, 12, 28, 22, 10), nil},
		{"time only", "09:15", at(2026, 11, 27, 9, 15), nil},
		{"today", "today 9:15", at(2026, 11, 27, 9, 15), nil},
		{"yesterday", "Yesterday 21:00", at(2026, 11, 26, 21, 0), nil},
		{"now", "now", at(2026, 11, 27, 16, 5), nil},
		{"no time", "27/11/2026", time.Time{}, ErrDateTimeFormat},
		{"words", "last tuesday", time.Time{}, ErrDateTimeFormat},
		{"bad day", "31/11/2026 10:00", time.Time{}, ErrNoSuchDate},
		{"bad month", "12/13/2026 10:00", time.Time{}, ErrNoSuchDate},
		{"bad hour", "27/11/2026 25:00", time.Time{}, ErrNoSuchTime},
		{"bad pm", "27/11/2026 13pm", time.Time{}, ErrNoSuchTime},
		{"three-digit minutes", "27/11/2026 10:300", time.Time{}, ErrDateTimeFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDateTime(tt.in, now, loc)
			if err != tt.err {
				t.Fatalf("ParseDateTime(%q) error = %v, want %v", tt.in, err, tt.err)
			}
			if !got.Equal(tt.want) {
				t.Errorf("ParseDateTime(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	now := time.Date(2026, 11, 27, 16, 5, 0, 0, time.UTC)
	tests := []struct {
		name, in string
		want     time.Time
		err      error
	}{
		{"usual", "03/04/2011", time.Date(2011, 4, 3, 0, 0, 0, 0, time.UTC), nil},
		{"short year", "3-4-11", time.Date(2011, 4, 3, 0, 0, 0, 0, time.UTC), nil},
		{"short year last century", "3-4-99", time.Date(1999, 4, 3, 0, 0, 0, 0, time.UTC), nil},
		{"month name", "3 April 2011", time.Date(2011, 4, 3, 0, 0, 0, 0, time.UTC), nil},
		{"leap day", "29/02/2012", time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC), nil},
		{"not a leap year", "29/02/2011", time.Time{}, ErrNoSuchDate},
		{"garbage", "soon", time.Time{}, ErrDateFormat},
		{"three-digit year", "3/4/201", time.Time{}, ErrDateFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDate(tt.in, now)
			if err != tt.err {
				t.Fatalf("ParseDate(%q) error = %v, want %v", tt.in, err, tt.err)
			}
			if !got.Equal(tt.want) {
				t.Errorf("ParseDate(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

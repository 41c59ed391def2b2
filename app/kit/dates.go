package kit

import (
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Formats the app writes dates and times in. People in England read day first.
const (
	dateLayout     = "02/01/2006"
	DateTimeLayout = "02/01/2006 15:04"
	LongDateTime   = "Monday 2 January 2006, 15:04"
	LongDate       = "Monday 2 January 2006"
	ShortDateTime  = "2 Jan 2006, 15:04"
	ShortDate      = "2 Jan 2006"
)

// message is an error whose text is written for the person at the screen.
type message string

// Error implements error.
func (m message) Error() string { return string(m) }

// What a date or time field says when it cannot read what was typed.
const (
	ErrDateTimeFormat message = "Write the date and time like 27/11/2026 14:30, or tap Now."
	ErrDateFormat     message = "Write the date like 03/04/2011 (day, month, year)."
	ErrNoSuchDate     message = "There is no such date: check the day and month."
	ErrNoSuchTime     message = "There is no such time: use 00:00 to 23:59, or 2:30pm."
)

var months = map[string]time.Month{
	"jan": time.January, "feb": time.February, "mar": time.March, "apr": time.April,
	"may": time.May, "jun": time.June, "jul": time.July, "aug": time.August,
	"sep": time.September, "sept": time.September, "oct": time.October,
	"nov": time.November, "dec": time.December,
}

// ParseDateTime reads a date and time as a person types it: "27/11/2026 14:30",
// "27-11-26 2.30pm", "27 Nov 2026 14:30", "today 9:15", "yesterday 21:00", or a
// time alone for today. Empty text is the zero time. Times are in loc.
func ParseDateTime(s string, now time.Time, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	if s == "" {
		return time.Time{}, nil
	}
	if s == "now" {
		return now.In(loc).Truncate(time.Minute), nil
	}
	words := tokens(s)
	var timeWords []string
	// The time is the last word or two ("14:30", "2:30 pm", "2pm").
	for i := len(words) - 1; i >= 0 && i >= len(words)-2; i-- {
		if looksLikeTime(words[i:]) {
			timeWords = words[i:]
		}
	}
	dateWords := words[:len(words)-len(timeWords)]
	if len(timeWords) == 0 {
		return time.Time{}, ErrDateTimeFormat
	}
	hour, minute, err := parseClock(strings.Join(timeWords, ""))
	if err != nil {
		return time.Time{}, err
	}
	y, m, d := now.In(loc).Date()
	if len(dateWords) > 0 {
		y, m, d, err = parseDateWords(dateWords, now.In(loc))
		if err != nil {
			if err == ErrDateFormat {
				err = ErrDateTimeFormat
			}
			return time.Time{}, err
		}
	}
	return time.Date(y, m, d, hour, minute, 0, 0, loc), nil
}

// ParseDate reads a date alone, such as a date of birth: "03/04/2011",
// "3-4-11", "3 April 2011". It returns midnight UTC of that day, as the model
// keeps dates.
func ParseDate(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	if s == "" {
		return time.Time{}, nil
	}
	y, m, d, err := parseDateWords(tokens(s), now)
	if err != nil {
		return time.Time{}, err
	}
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
}

// tokens splits typed text into words and numbers, treating / - . , and spaces as
// separators except inside a time ("14:30", "2.30pm").
func tokens(s string) []string {
	var out []string
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' })
	for i, f := range fields {
		dottedTime := i > 0 && i == len(fields)-1 && isDottedTime(f)
		if dottedTime || strings.Contains(f, ":") || strings.HasSuffix(f, "am") || strings.HasSuffix(f, "pm") {
			out = append(out, f)
			continue
		}
		out = append(out, strings.FieldsFunc(f, func(r rune) bool { return r == '/' || r == '-' || r == '.' })...)
	}
	return out
}

// isDottedTime reports whether f is a time written with a dot: "9.15", "14.30".
func isDottedTime(f string) bool {
	h, m, ok := strings.Cut(f, ".")
	return ok && len(h) >= 1 && len(h) <= 2 && len(m) == 2 && allDigits(h) && allDigits(m)
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// looksLikeTime reports whether the words are a clock time: "14:30", "2pm",
// "2:30", "2.30pm", or "2:30" followed by "pm".
func looksLikeTime(ws []string) bool {
	switch len(ws) {
	case 1:
		w := ws[0]
		if strings.HasSuffix(w, "am") || strings.HasSuffix(w, "pm") {
			return len(w) > 2 && unicode.IsDigit(rune(w[0]))
		}
		return strings.Contains(w, ":") || isDottedTime(w)
	case 2:
		return (ws[1] == "am" || ws[1] == "pm") && ws[0] != "" && unicode.IsDigit(rune(ws[0][0]))
	}
	return false
}

func parseClock(w string) (hour, minute int, err error) {
	suffix := ""
	if strings.HasSuffix(w, "am") || strings.HasSuffix(w, "pm") {
		suffix, w = w[len(w)-2:], w[:len(w)-2]
	}
	hs, ms, found := strings.Cut(strings.ReplaceAll(w, ".", ":"), ":")
	if !found {
		ms = "0"
	}
	hour, err1 := strconv.Atoi(hs)
	minute, err2 := strconv.Atoi(ms)
	if err1 != nil || err2 != nil || (found && len(ms) != 2) {
		return 0, 0, ErrDateTimeFormat
	}
	switch suffix {
	case "am", "pm":
		if hour < 1 || hour > 12 {
			return 0, 0, ErrNoSuchTime
		}
		hour %= 12
		if suffix == "pm" {
			hour += 12
		}
	}
	if hour > 23 || minute > 59 {
		return 0, 0, ErrNoSuchTime
	}
	return hour, minute, nil
}

func parseDateWords(ws []string, now time.Time) (int, time.Month, int, error) {
	switch {
	case len(ws) == 1 && ws[0] == "today":
		y, m, d := now.Date()
		return y, m, d, nil
	case len(ws) == 1 && ws[0] == "yesterday":
		y, m, d := now.AddDate(0, 0, -1).Date()
		return y, m, d, nil
	case len(ws) == 2:
		// Day and month without a year: this year, or last year if that would
		// be well in the future.
		ws = append(ws, strconv.Itoa(now.Year()))
		y, m, d, err := parseDateWords(ws, now)
		if err == nil && time.Date(y, m, d, 0, 0, 0, 0, now.Location()).After(now.AddDate(0, 1, 0)) {
			y--
		}
		return y, m, d, err
	case len(ws) != 3:
		return 0, 0, 0, ErrDateFormat
	}
	d, err := strconv.Atoi(ws[0])
	if err != nil {
		return 0, 0, 0, ErrDateFormat
	}
	var m time.Month
	if n, err := strconv.Atoi(ws[1]); err == nil {
		m = time.Month(n)
	} else if mm, ok := months[ws[1]]; ok {
		m = mm
	} else if len(ws[1]) > 3 {
		if mm, ok := months[ws[1][:3]]; ok {
			m = mm
		}
	}
	if m == 0 {
		return 0, 0, 0, ErrDateFormat
	}
	y, err := strconv.Atoi(ws[2])
	if err != nil {
		return 0, 0, 0, ErrDateFormat
	}
	switch len(ws[2]) {
	case 2:
		// Two-digit years are this century unless that is in the future.
		y += 2000
		if y > now.Year() {
			y -= 100
		}
	case 4:
	default:
		return 0, 0, 0, ErrDateFormat
	}
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, 0, 0, ErrNoSuchDate
	}
	if t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC); t.Day() != d {
		return 0, 0, 0, ErrNoSuchDate
	}
	return y, m, d, nil
}

// FormatDateTime writes t for an entry field; the zero time is empty.
func FormatDateTime(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format(DateTimeLayout)
}

// FormatDate writes a date (midnight UTC) for an entry field.
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(dateLayout)
}

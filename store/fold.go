package store

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// foldName turns a name into the form search compares, so that a name matches
// however it is typed on a tablet: lower case, accents taken off ("Zoë" becomes
// "zoe"), apostrophes of every kind left out ("O’Brien" becomes "obrien"), and
// hyphens, dashes and runs of spaces made one space ("Mary-Jane  Ellis" becomes
// "mary jane ellis"). The names in the index and what is typed into search both
// go through it.
func foldName(s string) string {
	// Apostrophes go first: decomposing turns the acute accent ´, which some
	// keyboards give for one, into a space and a combining accent.
	s = norm.NFKD.String(strings.Map(dropApostrophe, s))
	var b strings.Builder
	b.Grow(len(s))
	gap := true // at the start, or just after a space: no space to write
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r) || isApostrophe(r) || r == '\u00ad': // accents, apostrophes, soft hyphens
			continue
		case unicode.IsSpace(r) || unicode.Is(unicode.Pd, r):
			if !gap {
				b.WriteByte(' ')
				gap = true
			}
			continue
		}
		r = unicode.ToLower(r)
		if f, ok := undecomposed[r]; ok {
			b.WriteString(f)
		} else {
			b.WriteRune(r)
		}
		gap = false
	}
	return strings.TrimSuffix(b.String(), " ")
}

// undecomposed spells the Latin letters that Unicode gives no decomposition
// into a base letter and an accent, the way a person types them without the
// mark: "Søren" is found by "soren", "Łucja" by "lucja".
var undecomposed = map[rune]string{
	'æ': "ae", 'œ': "oe", 'ß': "ss", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d",
	'þ': "th", 'ı': "i", 'ħ': "h", 'ŧ': "t", 'ŋ': "n", 'ĸ': "k",
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '`', '´', '‘', '’', '‛', '′', 'ʹ', 'ʻ', 'ʼ', 'ʽ', '＇', '｀':
		return true
	}
	return false
}

func dropApostrophe(r rune) rune {
	if isApostrophe(r) {
		return -1
	}
	return r
}

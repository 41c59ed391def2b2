package access

import (
	"strings"
	"unicode"
)

// minPassphrase is the shortest passphrase a profile accepts. Length is the only
// rule: composition rules push people towards "Password1!".
const minPassphrase = 12

// strength is how well a passphrase would stand up to guessing.
type strength int

const (
	strengthNone strength = iota
	strengthWeak
	strengthFair
	strengthGood
)

// passphraseAdvice is shown under the passphrase field before anything is typed.
const passphraseAdvice = "Use four or more random words that you can remember, such as a " +
	"short odd sentence. Length matters much more than symbols or capitals."

// commonParts are fragments guessing tools try first. A passphrase made mostly of
// them is weak however long it is.
var commonParts = []string{
	"password", "passw0rd", "qwerty", "azerty", "asdf", "zxcv", "letmein", "welcome",
	"iloveyou", "admin", "login", "abc", "123", "234", "345", "456", "567", "678",
	"789", "890", "987", "321", "111", "000", "homeward", "monkey", "dragon",
	"football", "sunshine", "princess", "secret", "changeme", "summer", "winter",
	"spring", "autumn", "london", "england",
}

// rateStrength rates a passphrase and says in a sentence what would make it
// better. name is the person's own name, which a passphrase should not lean on.
func rateStrength(pass, name string) (strength, string) {
	if pass == "" {
		return strengthNone, passphraseAdvice
	}
	n := len([]rune(pass))
	if n < minPassphrase {
		return strengthWeak, "Too short: use at least 12 characters. Four random words are easy to remember and hard to guess."
	}
	left := strings.ToLower(pass)
	for _, part := range strings.Fields(strings.ToLower(name)) {
		if len(part) >= 3 {
			left = strings.ReplaceAll(left, part, "")
		}
	}
	for _, part := range commonParts {
		left = strings.ReplaceAll(left, part, "")
	}
	left = squeezeRepeats(left)
	left = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsPunct(r) {
			return -1
		}
		return r
	}, left)
	if len([]rune(left)) < 8 {
		return strengthWeak, "Easy to guess: it is made of common passwords, repeats, sequences or your name. Try four random words."
	}
	words := len(strings.FieldsFunc(pass, func(r rune) bool { return unicode.IsSpace(r) || r == '-' || r == '.' }))
	if n >= 20 || (words >= 4 && n >= 16) {
		return strengthGood, "Good: long and hard to guess."
	}
	return strengthFair, "Fair: longer is stronger. Adding another word or two makes it much harder to guess."
}

// squeezeRepeats shortens runs of one character ("aaaa" to "a") so that repeats
// do not count as length.
func squeezeRepeats(s string) string {
	var b strings.Builder
	var last rune = -1
	for _, r := range s {
		if r != last {
			b.WriteRune(r)
		}
		last = r
	}
	return b.String()
}

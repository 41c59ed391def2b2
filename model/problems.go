package model

import (
	"strconv"
	"strings"
)

// Problem is one thing wrong with a record, with a message written for the person
// filling in the form: what is wrong and what to do about it.
type Problem struct {
	Field   string // the field's JSON name, or ItemField's name of a field of one item of a list, for the form to put the message beside it
	Message string
}

// Problems is every problem found in a record. It is an error so that Validate can
// return it; callers use errors.As to reach the fields.
type Problems []Problem

func (p Problems) Error() string {
	msgs := make([]string, len(p))
	for i, q := range p {
		msgs[i] = q.Message
	}
	return strings.Join(msgs, "\n")
}

// ItemField names a field of item i of the list called list, such as the time
// of the second attempt: ItemField("attempts", 1, "at") is "attempts.1.at".
func ItemField(list string, i int, field string) string {
	return list + "." + strconv.Itoa(i) + "." + field
}

// For returns the message for field, or "".
func (p Problems) For(field string) string {
	for _, q := range p {
		if q.Field == field {
			return q.Message
		}
	}
	return ""
}

func (p *Problems) add(field, msg string) { *p = append(*p, Problem{field, msg}) }

// err returns p as an error, or nil when there are no problems.
func (p Problems) err() error {
	if len(p) == 0 {
		return nil
	}
	return p
}

package model

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// VoiceMethod is how the child's voice was gathered.
type VoiceMethod string

// The methods of domain.md section 4.
const (
	MethodWords       VoiceMethod = "words"        // the child's own words, said or written
	MethodFeelings    VoiceMethod = "feelings"     // feelings the child picked
	MethodScale       VoiceMethod = "scale"        // a 0-10 scale with both ends defined
	MethodThreeHouses VoiceMethod = "three_houses" // worries, good things, hopes and dreams
	MethodObservation VoiceMethod = "observation"  // what the worker saw, for a child who did not speak
	// MethodNotSafe is the child pressing "I don't feel safe" in child mode: the
	// entry is the time they pressed it. Only child mode makes it.
	MethodNotSafe VoiceMethod = "not_safe"
)

// VoiceMethods lists the methods a worker picks from; MethodNotSafe is not one.
var VoiceMethods = []VoiceMethod{MethodWords, MethodFeelings, MethodScale, MethodThreeHouses, MethodObservation}

// Label is the method as a person reads it.
func (m VoiceMethod) Label() string {
	switch m {
	case MethodWords:
		return "In their own words"
	case MethodFeelings:
		return "Feelings"
	case MethodScale:
		return "Scale 0 to 10"
	case MethodThreeHouses:
		return "Three houses"
	case MethodObservation:
		return "What I observed"
	case MethodNotSafe:
		return "I don't feel safe"
	}
	return string(m)
}

// ShareScope is what the child agreed to about who may see an entry.
type ShareScope string

// The scopes a child can agree to.
const (
	ShareNotAsked   ShareScope = ""            // not yet asked
	ShareWorkerOnly ShareScope = "worker_only" // only the worker who recorded it
	ShareTeam       ShareScope = "team"        // the people working with the child in this service
	ShareAgencies   ShareScope = "agencies"    // other agencies working with the child too
)

// ShareScopes lists the scopes in the order a person picks from.
var ShareScopes = []ShareScope{ShareNotAsked, ShareWorkerOnly, ShareTeam, ShareAgencies}

// Label is the scope as a person reads it.
func (s ShareScope) Label() string {
	switch s {
	case ShareNotAsked:
		return "Not asked yet"
	case ShareWorkerOnly:
		return "Only the worker who wrote it down"
	case ShareTeam:
		return "The people working with them here"
	case ShareAgencies:
		return "Other agencies working with them too"
	}
	return string(s)
}

// ShareAnswer is the child's own answer, in child mode, to whether what they
// entered may be shared beyond their worker.
type ShareAnswer string

// The answers a child can give in child mode.
const (
	AnswerNotAsked ShareAnswer = ""         // not asked in child mode
	AnswerYes      ShareAnswer = "yes"      // yes, the people who help keep them safe may see it
	AnswerNo       ShareAnswer = "no"       // no, only their worker
	AnswerNotSure  ShareAnswer = "not_sure" // not sure yet: the worker talks it through
)

// Label is the child's answer as the worker reads it.
func (a ShareAnswer) Label() string {
	switch a {
	case AnswerNotAsked:
		return "Not asked in child mode"
	case AnswerYes:
		return "Yes: the people who help keep them safe may see it"
	case AnswerNo:
		return "No: only their worker"
	case AnswerNotSure:
		return "Not sure yet: talk it through with them"
	}
	return string(a)
}

// Scope is who may see the entry when the child answered a: yes is the people
// working with them here, no is only their worker, and no answer or not sure is
// not asked yet, for the worker to talk through.
func (a ShareAnswer) Scope() ShareScope {
	switch a {
	case AnswerYes:
		return ShareTeam
	case AnswerNo:
		return ShareWorkerOnly
	}
	return ShareNotAsked
}

// Scale is a 0 to 10 scale whose two ends were defined with the child before they
// chose a number.
type Scale struct {
	Question string `json:"question"`
	Zero     string `json:"zero"` // what 0 means
	Ten      string `json:"ten"`  // what 10 means
	Value    int    `json:"value"`
}

// ThreeHouses is the three houses tool, in the child's words.
type ThreeHouses struct {
	Worries     string `json:"worries,omitempty"`
	GoodThings  string `json:"good_things,omitempty"`
	HopesDreams string `json:"hopes_dreams,omitempty"`
}

// VoiceEntry is the child's voice: their own words, kept apart from the worker's
// interpretation, with what they agreed about who may see it.
type VoiceEntry struct {
	InterviewID string      `json:"interview_id,omitempty"` // empty for a stand-alone entry
	RecordedAt  time.Time   `json:"recorded_at"`
	Method      VoiceMethod `json:"method"`
	Speaker     string      `json:"speaker,omitempty"` // empty means the child

	Words          string       `json:"words,omitempty"` // verbatim
	Feelings       []string     `json:"feelings,omitempty"`
	Scale          *Scale       `json:"scale,omitempty"`
	Houses         *ThreeHouses `json:"houses,omitempty"`
	Interpretation string       `json:"interpretation,omitempty"` // the worker's, never mixed with the child's words

	ChildChecked bool        `json:"child_checked"` // the child heard or read the record back
	Share        ShareScope  `json:"share,omitempty"`
	ChildShare   ShareAnswer `json:"child_share,omitempty"` // the child's own answer in child mode, kept as they gave it

	// Response is what the worker did when the child pressed "I don't feel
	// safe": until it is recorded the caseload and the child's page say that
	// nobody has yet. Only a MethodNotSafe entry has one.
	Response *NotSafeResponse `json:"response,omitempty"`
}

// NotSafeResponse is what was done when a child said they did not feel safe,
// and when it was recorded.
type NotSafeResponse struct {
	At   time.Time `json:"at"`
	What string    `json:"what"`
}

// Kind implements Record.
func (VoiceEntry) Kind() Kind { return KindVoice }

// Validate implements Record.
func (v VoiceEntry) Validate(cat *Catalogue, now time.Time) error {
	var p Problems
	switch {
	case v.RecordedAt.IsZero():
		p.add("recorded_at", "Enter when this was recorded.")
	case v.RecordedAt.After(now):
		p.add("recorded_at", "The time recorded is in the future: check the date and time.")
	}
	switch v.Method {
	case MethodWords, MethodObservation:
		if strings.TrimSpace(v.Words) == "" {
			if v.Method == MethodWords {
				p.add("words", "Write the child's words exactly as they said them.")
			} else {
				p.add("words", "Write what you observed.")
			}
		}
	case MethodFeelings:
		if len(v.Feelings) == 0 {
			p.add("feelings", "Choose at least one feeling the child picked.")
		}
		checkIDs(&p, "feelings", v.Feelings, cat.Feelings, "a feeling")
	case MethodScale:
		switch {
		case v.Scale == nil:
			p.add("scale", "Fill in the scale.")
		default:
			if strings.TrimSpace(v.Scale.Zero) == "" || strings.TrimSpace(v.Scale.Ten) == "" {
				p.add("scale", "Say what 0 and what 10 mean, in words the child agreed, before they choose a number.")
			}
			if v.Scale.Value < 0 || v.Scale.Value > 10 {
				p.add("scale", "Choose the number the child chose, from 0 to 10.")
			}
		}
	case MethodThreeHouses:
		h := v.Houses
		if h == nil || strings.TrimSpace(h.Worries+h.GoodThings+h.HopesDreams) == "" {
			p.add("houses", "Write what the child put in at least one of the houses.")
		}
	case MethodNotSafe:
		// The time they pressed it is the whole of it, with what was done.
	default:
		p.add("method", "Choose how the child's voice was gathered.")
	}
	valid := false
	for _, s := range ShareScopes {
		valid = valid || s == v.Share
	}
	if !valid {
		p.add("share", "Choose what the child agreed about who may see this.")
	}
	switch v.ChildShare {
	case AnswerNotAsked, AnswerYes, AnswerNo, AnswerNotSure:
	default:
		p.add("child_share", "The child's answer about sharing is not one child mode gives.")
	}
	if r := v.Response; r != nil {
		switch {
		case v.Method != MethodNotSafe:
			p.add("response", "Only a child's \u201cI don't feel safe\u201d has what was done about it.")
		case strings.TrimSpace(r.What) == "":
			p.add("response", "Write what you did when they said they did not feel safe.")
		case r.At.IsZero() || r.At.After(now):
			p.add("response", "When it was done is missing or in the future: check the date and time.")
		case r.At.Before(v.RecordedAt):
			p.add("response", "What was done is dated before the child pressed the button: check the date and time.")
		}
	}
	return p.err()
}

// Summary is a one-line account of the entry in the child's words where it has
// them, for timelines. It does not name the method: the caller shows that.
func (v VoiceEntry) Summary(cat *Catalogue) string {
	switch v.Method {
	case MethodFeelings:
		labels := make([]string, len(v.Feelings))
		for i, f := range v.Feelings {
			labels[i] = cat.Label(f)
		}
		return strings.Join(labels, ", ")
	case MethodScale:
		if v.Scale != nil {
			q := firstLine(v.Scale.Question)
			switch {
			case q == "":
			case strings.HasSuffix(q, "?"):
				q += " "
			default:
				q += ": "
			}
			return q + strconv.Itoa(v.Scale.Value) + " out of 10"
		}
	case MethodNotSafe:
		if v.Response != nil {
			return "Pressed the button in child mode. What was done: " + firstLine(v.Response.What)
		}
		return "Pressed the button in child mode; nothing done recorded yet"
	case MethodThreeHouses:
		if v.Houses != nil {
			for _, s := range []string{v.Houses.Worries, v.Houses.GoodThings, v.Houses.HopesDreams} {
				if strings.TrimSpace(s) != "" {
					return firstLine(s)
				}
			}
		}
	}
	return firstLine(v.Words)
}

// NotSafeSince lists the times the child pressed "I don't feel safe" in child
// mode at or after since, newest first.
func (c *Case) NotSafeSince(since time.Time) []Item[VoiceEntry] {
	var out []Item[VoiceEntry]
	for _, v := range c.Voices {
		if v.Value.Method == MethodNotSafe && !v.Value.RecordedAt.Before(since) {
			out = append(out, v)
		}
	}
	slices.SortStableFunc(out, func(a, b Item[VoiceEntry]) int { return b.Value.RecordedAt.Compare(a.Value.RecordedAt) })
	return out
}

// NotSafeOpen lists the times the child pressed "I don't feel safe" that nobody
// has yet recorded what was done about, oldest first, however long ago.
func (c *Case) NotSafeOpen() []Item[VoiceEntry] {
	var out []Item[VoiceEntry]
	for _, v := range c.Voices {
		if v.Value.Method == MethodNotSafe && v.Value.Response == nil {
			out = append(out, v)
		}
	}
	slices.SortStableFunc(out, func(a, b Item[VoiceEntry]) int { return a.Value.RecordedAt.Compare(b.Value.RecordedAt) })
	return out
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = strings.TrimSpace(s[:i]) // and a \r before the \n
	}
	const max = 120
	if r := []rune(s); len(r) > max {
		s = string(r[:max-1]) + "…"
	}
	return s
}

package vault

import (
	"crypto/rand"
	"errors"
	mrand "math/rand/v2"
	"strings"
	"sync"
	"testing"
)

// words make synthetic, record-like text. No real personal data.
var words = strings.Fields(`the a plan review note visit school safe contact meeting follow up
	agreed week worker call return interview missing episode risk low medium high action
	next step team supervisor outcome referral support health education family carer
	placement police partner agency strategy discussion recorded shared consent views
	feelings scale three houses worries good things dreams today tomorrow said felt`)

// textPayload returns n bytes of deterministic JSON-ish text, compressible
// like a real record.
func textPayload(n int) []byte {
	r := mrand.New(mrand.NewPCG(uint64(n), 42))
	var b strings.Builder
	b.WriteString(`{"kind":"return_interview","sections":[`)
	for b.Len() < n {
		b.WriteString(`{"q":"`)
		for range 3 + r.IntN(5) {
			b.WriteString(words[r.IntN(len(words))])
			b.WriteByte(' ')
		}
		b.WriteString(`","a":"`)
		for range 5 + r.IntN(30) {
			b.WriteString(words[r.IntN(len(words))])
			b.WriteByte(' ')
		}
		b.WriteString(`"},`)
	}
	return []byte(b.String()[:n])
}

// randomPayload returns n incompressible bytes.
func randomPayload(n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return b
}

func mustIdentity(tb testing.TB) *Identity {
	tb.Helper()
	id, err := NewIdentity()
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

func mustCaseKey(tb testing.TB, caseID string, epoch uint32) *CaseKey {
	tb.Helper()
	k, err := NewCaseKey(caseID, epoch)
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

// testKDF is MinKDF with a fresh salt: the cheapest setting Lock accepts.
func testKDF(tb testing.TB) KDFParams {
	tb.Helper()
	p := MinKDF
	p.Salt = randomPayload(16)
	return p
}

// fixture is one sealed envelope and everything needed to open it.
type fixture struct {
	author  *Identity
	ck      *CaseKey
	h       Header
	payload []byte
	env     *Envelope
}

func (f *fixture) want() Location { return Location{RecordID: f.h.RecordID, CaseID: f.h.CaseID} }

func newFixture(tb testing.TB, payload []byte) *fixture {
	tb.Helper()
	f := &fixture{author: mustIdentity(tb), payload: payload}
	f.ck = mustCaseKey(tb, "case-"+NewVersionID(), 7)
	f.h = Header{
		VersionID: NewVersionID(),
		RecordID:  "rec-" + NewVersionID(),
		CaseID:    f.ck.CaseID,
		Parents:   []string{NewVersionID(), NewVersionID()},
		KeyEpoch:  f.ck.Epoch,
		Schema:    3,
	}
	env, err := Seal(f.h, payload, f.ck, f.author)
	if err != nil {
		tb.Fatal(err)
	}
	f.env = env
	return f
}

// clone deep-copies an envelope so a test can change it freely.
func clone(e *Envelope) *Envelope {
	c := *e
	c.Parents = append([]string(nil), e.Parents...)
	c.CT = append([]byte(nil), e.CT...)
	c.WrappedDEK = append([]byte(nil), e.WrappedDEK...)
	c.Sig = append([]byte(nil), e.Sig...)
	return &c
}

// lockedOnce shares one locked identity between tests: each Argon2id run at
// MinKDF costs a noticeable fraction of a second.
var lockedOnce = sync.OnceValues(func() (*lockedFixture, error) {
	id, err := NewIdentity()
	if err != nil {
		return nil, err
	}
	p := MinKDF
	p.Salt = randomPayload(16)
	pass := []byte("correct horse battery staple")
	l, err := Lock(id, pass, p)
	if err != nil {
		return nil, err
	}
	return &lockedFixture{id: id, locked: l, pass: pass}, nil
})

type lockedFixture struct {
	id     *Identity
	locked *LockedIdentity
	pass   []byte
}

func mustLocked(tb testing.TB) *lockedFixture {
	tb.Helper()
	f, err := lockedOnce()
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

// sentinels are every error a caller is meant to act on.
var sentinels = []error{ErrWrongPassphrase, ErrWeakKDF, ErrMalformed, ErrTampered, ErrMisplaced, ErrBadSignature, ErrWrongKey}

func isSentinel(err error) bool {
	for _, s := range sentinels {
		if err != nil && errors.Is(err, s) {
			return true
		}
	}
	return false
}

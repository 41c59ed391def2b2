package vault

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
)

func TestSealOpenRoundTrip(t *testing.T) {
	for _, tt := range []struct {
		name    string
		payload []byte
	}{
		{"empty", []byte{}},
		{"nil", nil},
		{"one byte", []byte{0}},
		{"small", []byte("three houses: worries, good things, dreams")},
		{"4KiB text", textPayload(4 << 10)},
		{"4KiB random", randomPayload(4 << 10)},
		{"1MiB text", textPayload(1 << 20)},
		{"1MiB random", randomPayload(1 << 20)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, tt.payload)
			e := f.env
			if e.AuthorDevice != f.author.DeviceID() {
				t.Errorf("AuthorDevice = %q, want %q", e.AuthorDevice, f.author.DeviceID())
			}
			if !slices.IsSorted(e.Parents) || len(e.Parents) != 2 {
				t.Errorf("Parents = %q, want the two, sorted", e.Parents)
			}
			b, err := e.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			e2, err := UnmarshalEnvelope(b)
			if err != nil {
				t.Fatal(err)
			}
			if b2, _ := e2.MarshalBinary(); !bytes.Equal(b, b2) {
				t.Fatal("marshal, unmarshal, marshal is not stable")
			}
			got, err := Open(e2, f.want(), f.ck, f.author.Public().Sign)
			if err != nil {
				t.Fatal(err)
			}
			if got == nil || !bytes.Equal(got, tt.payload) {
				t.Fatalf("Open returned %d bytes, want %d", len(got), len(tt.payload))
			}
			if err := Verify(e2, f.author.Public().Sign); err != nil {
				t.Fatal(err)
			}
			if len(tt.payload) > 64 && bytes.Contains(b, tt.payload[:64]) {
				t.Fatal("plaintext visible in the encoding")
			}
			t.Logf("payload %d bytes -> ct %d, encoded %d", len(tt.payload), len(e.CT), len(b))
		})
	}
}

func TestSealParentOrderIsCanonical(t *testing.T) {
	author := mustIdentity(t)
	ck := mustCaseKey(t, "case-1", 1)
	parents := []string{"v-b", "v-c", "v-a"}
	h := Header{VersionID: NewVersionID(), RecordID: "r", CaseID: ck.CaseID, Parents: parents, KeyEpoch: 1}
	e, err := Seal(h, []byte("merge"), ck, author)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(e.Parents, []string{"v-a", "v-b", "v-c"}) {
		t.Fatalf("envelope parents = %q, want sorted", e.Parents)
	}
	if !slices.Equal(parents, []string{"v-b", "v-c", "v-a"}) {
		t.Fatal("Seal reordered the caller's slice")
	}
	// A store that keeps parents in its own order still opens the version.
	e.Parents = parents
	if _, err := Open(e, Location{"r", ck.CaseID}, ck, author.Public().Sign); err != nil {
		t.Fatalf("reordered parents: %v", err)
	}
}

func TestSealRejects(t *testing.T) {
	id := mustIdentity(t)
	ck := mustCaseKey(t, "case-1", 2)
	good := Header{VersionID: NewVersionID(), RecordID: "r", CaseID: "case-1", KeyEpoch: 2}
	for _, tt := range []struct {
		name    string
		edit    func(*Header)
		payload []byte
		want    error // nil: any error
	}{
		{"other case", func(h *Header) { h.CaseID = "case-2" }, nil, ErrWrongKey},
		{"other epoch", func(h *Header) { h.KeyEpoch = 1 }, nil, ErrWrongKey},
		{"no version id", func(h *Header) { h.VersionID = "" }, nil, nil},
		{"no record id", func(h *Header) { h.RecordID = "" }, nil, nil},
		{"long record id", func(h *Header) { h.RecordID = string(make([]byte, 129)) }, nil, nil},
		{"empty parent", func(h *Header) { h.Parents = []string{""} }, nil, nil},
		{"repeated parent", func(h *Header) { h.Parents = []string{"p", "q", "p"} }, nil, nil},
		{"too many parents", func(h *Header) { h.Parents = make([]string, maxParents+1) }, nil, nil},
		{"payload too big", func(*Header) {}, make([]byte, MaxPayload+1), nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := good
			tt.edit(&h)
			e, err := Seal(h, tt.payload, ck, id)
			if err == nil || e != nil {
				t.Fatalf("Seal() = %v, %v; want an error", e, err)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("Seal() error = %v, want %v", err, tt.want)
			}
		})
	}
	if _, err := Seal(good, nil, nil, id); err == nil {
		t.Error("sealed without a case key")
	}
}

// TestOpenTable: each way an envelope can be wrong gives its own error.
func TestOpenTable(t *testing.T) {
	f := newFixture(t, textPayload(300))
	other := mustIdentity(t)
	otherCase := mustCaseKey(t, "case-other", f.ck.Epoch)
	nextEpoch := mustCaseKey(t, f.ck.CaseID, f.ck.Epoch+1)
	sameLabelsOtherKey := mustCaseKey(t, f.ck.CaseID, f.ck.Epoch)
	sign := f.author.Public().Sign

	tests := []struct {
		name string
		edit func(e *Envelope, want *Location, ck **CaseKey, sign *[]byte)
		want error
	}{
		{"untouched", func(*Envelope, *Location, **CaseKey, *[]byte) {}, nil},
		{"ct byte", func(e *Envelope, _ *Location, _ **CaseKey, _ *[]byte) { e.CT[len(e.CT)/2] ^= 1 }, ErrTampered},
		{"ct nonce", func(e *Envelope, _ *Location, _ **CaseKey, _ *[]byte) { e.CT[0] ^= 1 }, ErrTampered},
		{"ct tag", func(e *Envelope, _ *Location, _ **CaseKey, _ *[]byte) { e.CT[len(e.CT)-1] ^= 0x80 }, ErrTampered},
		{"wrapped dek byte", func(e *Envelope, _ *Location, _ **CaseKey, _ *[]byte) { e.WrappedDEK[30] ^= 1 }, ErrTampered},
		{"wrapped dek nonce", func(e *Envelope, _ *Location, _ **CaseKey, _ *[]byte) { e.WrappedDEK[3] ^= 1 }, ErrTampered},
		{"parent", func(e *Envelope, _ *Location, _ **CaseKey, _ *[]byte) { e.Parents[1] = NewVersionID() }, ErrTampered},
		{"parent dropped", func(e *Envelope, _ *Location, _ **CaseKey, _ *[]byte) { e.Parents = e.Parents[:1] }, ErrTampered},
		{"parent added", func(e *Envelope, _ *Location, _ **CaseKey, _ *[]byte) {
			e.Parents = append(e.Parents, NewVersionID())
		}, ErrTampered},
		{"version id", func(e *Envelope, _ *Location, _ **CaseKey, _ *[]byte) { e.VersionID = NewVersionID() }, ErrTampered},
		{"schema", func(e *Envelope, _ *Location, _ **CaseKey, _ *[]byte) { e.Schema++ }, ErrTampered},
		{"author device", func(e *Envelope, _ *Location, _ **CaseKey, _ *[]byte) { e.AuthorDevice = other.DeviceID() }, ErrTampered},
		{"epoch", func(e *Envelope, _ *Location, _ **CaseKey, _ *[]byte) { e.KeyEpoch++ }, ErrWrongKey},
		{"epoch, with that epoch's key", func(e *Envelope, _ *Location, ck **CaseKey, _ *[]byte) {
			e.KeyEpoch++
			*ck = nextEpoch
		}, ErrTampered},
		{"sig byte", func(e *Envelope, _ *Location, _ **CaseKey, _ *[]byte) { e.Sig[10] ^= 1 }, ErrBadSignature},
		{"sig last byte", func(e *Envelope, _ *Location, _ **CaseKey, _ *[]byte) { e.Sig[63] ^= 0x40 }, ErrBadSignature},
		{"sig truncated", func(e *Envelope, _ *Location, _ **CaseKey, _ *[]byte) { e.Sig = e.Sig[:63] }, ErrBadSignature},
		{"no sig", func(e *Envelope, _ *Location, _ **CaseKey, _ *[]byte) { e.Sig = nil }, ErrBadSignature},
		{"wrong author key", func(_ *Envelope, _ *Location, _ **CaseKey, s *[]byte) { *s = other.Public().Sign }, ErrBadSignature},
		{"no author key", func(_ *Envelope, _ *Location, _ **CaseKey, s *[]byte) { *s = nil }, ErrBadSignature},
		{"moved to another record", func(_ *Envelope, w *Location, _ **CaseKey, _ *[]byte) { w.RecordID = "rec-other" }, ErrMisplaced},
		{"moved to another case", func(_ *Envelope, w *Location, _ **CaseKey, _ *[]byte) { w.CaseID = "case-other" }, ErrMisplaced},
		{"header rewritten to another record", func(e *Envelope, w *Location, _ **CaseKey, _ *[]byte) {
			e.RecordID = "rec-other"
			w.RecordID = "rec-other"
		}, ErrTampered},
		{"header rewritten to another case", func(e *Envelope, w *Location, ck **CaseKey, _ *[]byte) {
			e.CaseID = otherCase.CaseID
			w.CaseID = otherCase.CaseID
			*ck = otherCase
		}, ErrTampered},
		{"key for another case", func(_ *Envelope, _ *Location, ck **CaseKey, _ *[]byte) { *ck = otherCase }, ErrWrongKey},
		{"key for another epoch", func(_ *Envelope, _ *Location, ck **CaseKey, _ *[]byte) { *ck = nextEpoch }, ErrWrongKey},
		{"no key", func(_ *Envelope, _ *Location, ck **CaseKey, _ *[]byte) { *ck = nil }, ErrWrongKey},
		{"same labels, other key bytes", func(_ *Envelope, _ *Location, ck **CaseKey, _ *[]byte) { *ck = sameLabelsOtherKey }, ErrTampered},
		{"wrapped dek from another version", func(e *Envelope, _ *Location, _ **CaseKey, _ *[]byte) {
			g, err := Seal(f.h, []byte("other"), f.ck, f.author)
			if err != nil {
				t.Fatal(err)
			}
			e.WrappedDEK = g.WrappedDEK
		}, ErrTampered},
		{"ct from another version", func(e *Envelope, _ *Location, _ **CaseKey, _ *[]byte) {
			g, err := Seal(f.h, []byte("other"), f.ck, f.author)
			if err != nil {
				t.Fatal(err)
			}
			e.CT = g.CT
		}, ErrTampered},
		{"re-signed by another member", func(e *Envelope, _ *Location, _ **CaseKey, _ *[]byte) {
			// A member of the case re-seals a version as if it were the author.
			g, err := Seal(f.h, []byte("forged"), f.ck, other)
			if err != nil {
				t.Fatal(err)
			}
			g.AuthorDevice = f.author.DeviceID()
			*e = *g
		}, ErrTampered},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, want, ck, s := clone(f.env), f.want(), f.ck, bytes.Clone(sign)
			tt.edit(e, &want, &ck, (*[]byte)(&s))
			got, err := Open(e, want, ck, s)
			if tt.want == nil {
				if err != nil || !bytes.Equal(got, f.payload) {
					t.Fatalf("Open() = %d bytes, %v", len(got), err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("Open() error = %v, want %v", err, tt.want)
			}
			if got != nil {
				t.Fatal("Open returned plaintext with an error")
			}
		})
	}
}

func TestVerify(t *testing.T) {
	f := newFixture(t, []byte("signed"))
	if err := Verify(f.env, f.author.Public().Sign); err != nil {
		t.Fatal(err)
	}
	if err := Verify(f.env, mustIdentity(t).Public().Sign); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("other key: %v", err)
	}
	// The server cannot see a changed ciphertext any other way.
	e := clone(f.env)
	e.CT[30] ^= 1
	if err := Verify(e, f.author.Public().Sign); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("changed ct: %v", err)
	}
	e = clone(f.env)
	e.RecordID = "elsewhere"
	if err := Verify(e, f.author.Public().Sign); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("changed header: %v", err)
	}
	if err := Verify(nil, f.author.Public().Sign); !errors.Is(err, ErrMalformed) {
		t.Fatalf("nil envelope: %v", err)
	}
}

// envelopeField is a byte range of an encoded envelope and the error a change
// there must give (nil: any sentinel).
type envelopeField struct {
	name       string
	start, end int
	want       error
}

// fieldsOf maps the encoding of e, following MarshalBinary's layout.
func fieldsOf(e *Envelope) []envelopeField {
	var fs []envelopeField
	off := 0
	add := func(name string, n int, want error) {
		fs = append(fs, envelopeField{name, off, off + n, want})
		off += n
	}
	str := func(name, s string, want error) {
		add(name+" length", 2, nil)
		add(name, len(s), want)
	}
	add("magic", 4, ErrMalformed)
	str("version id", e.VersionID, ErrTampered)
	str("record id", e.RecordID, ErrMisplaced)
	str("case id", e.CaseID, ErrMisplaced)
	add("parent count", 2, nil)
	// A flipped parent is ErrTampered, or ErrMalformed when the flip puts the
	// parents out of their one order: either is right, so neither is pinned.
	for _, p := range e.Parents {
		str("parent", p, nil)
	}
	str("author device", e.AuthorDevice, ErrTampered)
	add("key epoch", 4, ErrWrongKey)
	add("schema", 2, ErrTampered)
	add("ct length", 4, nil)
	add("ct", len(e.CT), ErrTampered)
	add("wrapped dek length", 2, nil)
	add("wrapped dek", len(e.WrappedDEK), ErrTampered)
	add("sig length", 2, nil)
	add("sig", len(e.Sig), ErrBadSignature)
	return fs
}

// TestTamperEveryBit flips every bit of an encoded envelope. Unmarshal and
// Open together must always fail with a sentinel error, never return
// plaintext and never panic; where the flipped bit's field is known, the
// error must be the one for that field.
func TestTamperEveryBit(t *testing.T) {
	f := newFixture(t, textPayload(200))
	b, err := f.env.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	fields := fieldsOf(f.env)
	if last := fields[len(fields)-1]; last.end != len(b) {
		t.Fatalf("field map covers %d of %d bytes", last.end, len(b))
	}
	sign := f.author.Public().Sign
	counts := map[string]int{}
	for _, fl := range fields {
		for i := fl.start; i < fl.end; i++ {
			for bit := range 8 {
				c := bytes.Clone(b)
				c[i] ^= 1 << bit
				var got []byte
				e, err := UnmarshalEnvelope(c)
				if err == nil {
					got, err = Open(e, f.want(), f.ck, sign)
				}
				switch {
				case got != nil:
					t.Fatalf("%s byte %d bit %d: Open returned plaintext (err %v)", fl.name, i, bit, err)
				case !isSentinel(err):
					t.Fatalf("%s byte %d bit %d: error %v is no sentinel", fl.name, i, bit, err)
				case fl.want != nil && !errors.Is(err, fl.want):
					t.Fatalf("%s byte %d bit %d: error %v, want %v", fl.name, i, bit, err, fl.want)
				}
				for _, s := range sentinels {
					if errors.Is(err, s) {
						counts[s.Error()]++
					}
				}
			}
		}
	}
	t.Logf("%d bytes, %d flips: %v", len(b), 8*len(b), counts)
}

func TestUnmarshalEnvelopeRejects(t *testing.T) {
	f := newFixture(t, []byte("x"))
	b, _ := f.env.MarshalBinary()
	for n := range len(b) {
		if _, err := UnmarshalEnvelope(b[:n]); !errors.Is(err, ErrMalformed) {
			t.Fatalf("truncated to %d: error = %v, want ErrMalformed", n, err)
		}
	}
	if _, err := UnmarshalEnvelope(append(bytes.Clone(b), 0)); !errors.Is(err, ErrMalformed) {
		t.Fatal("trailing byte accepted")
	}
	// Lengths claiming more than there is must not allocate it.
	huge := []byte(envelopeMagic + "\x00\x01v\x00\x01r\x00\x01c\x00\x00\x00\x01a\x00\x00\x00\x01\x00\x01\xff\xff\xff\xff")
	if _, err := UnmarshalEnvelope(huge); !errors.Is(err, ErrMalformed) {
		t.Fatalf("huge ct length: %v", err)
	}
	if _, err := UnmarshalEnvelope(make([]byte, maxEnvelopeLen+1)); !errors.Is(err, ErrMalformed) {
		t.Fatalf("over-long input: %v", err)
	}
	// The decoded envelope does not alias the caller's bytes.
	e, err := UnmarshalEnvelope(b)
	if err != nil {
		t.Fatal(err)
	}
	clear(b)
	if _, err := Open(e, f.want(), f.ck, f.author.Public().Sign); err != nil {
		t.Fatalf("after the caller reused its buffer: %v", err)
	}
}

// TestPaddingHidesLength: payloads of nearby sizes give ciphertexts of
// the same size, whether they compress or not.
func TestPaddingHidesLength(t *testing.T) {
	for _, gen := range []struct {
		name string
		f    func(int) []byte
	}{{"random", randomPayload}, {"text", textPayload}} {
		t.Run(gen.name, func(t *testing.T) {
			a, b := newFixture(t, gen.f(1000)), newFixture(t, gen.f(1010))
			if len(a.env.CT) != len(b.env.CT) {
				t.Fatalf("1000 bytes -> ct %d, 1010 bytes -> ct %d", len(a.env.CT), len(b.env.CT))
			}
		})
	}
	small := newFixture(t, nil)
	if n := len(small.env.CT); n != nonceLen+minPadded+tagLen {
		t.Fatalf("empty payload -> ct %d bytes", n)
	}
}

// TestConcurrentSealOpen exercises the shared encoder and decoder and the
// buffer pools from many goroutines (run with -race).
func TestConcurrentSealOpen(t *testing.T) {
	author := mustIdentity(t)
	ck := mustCaseKey(t, "case-c", 1)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Go(func() {
			for i := range 20 {
				p := textPayload(100 + 997*g + 31*i)
				h := Header{VersionID: NewVersionID(), RecordID: fmt.Sprint("r", g), CaseID: ck.CaseID, KeyEpoch: 1}
				e, err := Seal(h, p, ck, author)
				if err != nil {
					errs <- err
					return
				}
				got, err := Open(e, Location{h.RecordID, h.CaseID}, ck, author.Public().Sign)
				if err != nil || !bytes.Equal(got, p) {
					errs <- fmt.Errorf("goroutine %d item %d: %v", g, i, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestUnpadRejects(t *testing.T) {
	payload := textPayload(500)
	good, _, err := compressPad(payload, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if good[0]&0x80 != 0 {
		t.Fatal("text payload was stored raw")
	}
	if got, err := unpadDecompress(good); err != nil || !bytes.Equal(got, payload) {
		t.Fatalf("unpad good: %v", err)
	}
	raw, _, _ := compressPad([]byte("payload"), 0, 0)
	if raw[0]&0x80 == 0 {
		t.Fatal("short payload was compressed")
	}
	if got, err := unpadDecompress(raw); err != nil || string(got) != "payload" {
		t.Fatalf("unpad raw: %q %v", got, err)
	}
	for _, tt := range []struct {
		name string
		edit func([]byte) []byte
	}{
		{"short", func(b []byte) []byte { return b[:3] }},
		{"length past end", func(b []byte) []byte { b[0] = 0xff; return b }},
		{"nonzero padding", func(b []byte) []byte { b[len(b)-1] = 1; return b }},
		{"bad frame", func(b []byte) []byte { b[5] ^= 0xff; return b }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := unpadDecompress(tt.edit(bytes.Clone(good)))
			if !errors.Is(err, ErrMalformed) || got != nil {
				t.Fatalf("unpad = %q, %v; want ErrMalformed", got, err)
			}
		})
	}
}

func TestNewVersionID(t *testing.T) {
	a, b := NewVersionID(), NewVersionID()
	if len(a) != 36 || a[14] != '7' || a == b {
		t.Fatalf("NewVersionID() = %q, %q", a, b)
	}
	if a > b {
		t.Errorf("UUIDv7s made in order sort out of order: %q > %q", a, b)
	}
}

// TestParentsHaveOneEncoding swaps the two parents of an encoded envelope: the
// header would sign the same, so the swapped form must be refused.
func TestParentsHaveOneEncoding(t *testing.T) {
	f := newFixture(t, textPayload(100))
	swapped := clone(f.env)
	swapped.Parents[0], swapped.Parents[1] = swapped.Parents[1], swapped.Parents[0]
	b, err := swapped.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := UnmarshalEnvelope(b); !errors.Is(err, ErrMalformed) {
		t.Fatalf("swapped parents: %v, want ErrMalformed", err)
	}
}

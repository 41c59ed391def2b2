package vault

import (
	"testing"
	"time"
)

// indexSize is how many versions the store must open at unlock (DESIGN:
// 5,000 in under 300 ms on a 2-core machine).
const indexSize = 5000

func reportIndexTime(b *testing.B) {
	per := float64(b.Elapsed()) / float64(b.N)
	b.ReportMetric(per*indexSize/float64(time.Millisecond), "ms/5000")
}

func BenchmarkSeal4KiB(b *testing.B) {
	f := newFixture(b, textPayload(4<<10))
	b.SetBytes(int64(len(f.payload)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Seal(f.h, f.payload, f.ck, f.author); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSealLocal4KiB seals as a device's own save does: unsigned, with the
// device's attestation.
func BenchmarkSealLocal4KiB(b *testing.B) {
	f := newFixture(b, textPayload(4<<10))
	b.SetBytes(int64(len(f.payload)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := SealLocal(f.h, f.payload, f.ck, f.author); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSignAttested4KiB is what pushing adds per version of a device's own:
// checking its attestation and signing it.
func BenchmarkSignAttested4KiB(b *testing.B) {
	f := newFixture(b, textPayload(4<<10))
	env, tag, err := SealLocal(f.h, f.payload, f.ck, f.author)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		env.Sig = nil
		if err := SignAttested(env, f.author, tag); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOpenAttested4KiB opens an unsigned version this identity has
// attested, as unlock does, and in the same loop opens the same version signed
// with Open, which verifies the signature: it reports both and their ratio.
func BenchmarkOpenAttested4KiB(b *testing.B) {
	f := newFixture(b, textPayload(4<<10))
	sign := f.author.Public().Sign
	local, tag, err := SealLocal(f.h, f.payload, f.ck, f.author)
	if err != nil {
		b.Fatal(err)
	}
	f.env = clone(local)
	if err := SignAttested(f.env, f.author, tag); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(f.payload)))
	var attested, full time.Duration
	n := 0
	for b.Loop() {
		t0 := time.Now()
		if _, err := OpenAttested(local, f.want(), f.ck, sign, f.author, tag); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := Open(f.env, f.want(), f.ck, sign); err != nil {
			b.Fatal(err)
		}
		attested, full, n = attested+t1.Sub(t0), full+time.Since(t1), n+1
	}
	b.ReportMetric(float64(attested.Nanoseconds())/float64(n), "ns/open-attested")
	b.ReportMetric(float64(full.Nanoseconds())/float64(n), "ns/open")
	b.ReportMetric(float64(attested)/float64(full), "attested/open")
	b.ReportMetric(float64(attested)*indexSize/float64(n)/float64(time.Millisecond), "ms/5000-attested")
}

// BenchmarkVerify is the signature check alone (what the server does).
func BenchmarkVerify(b *testing.B) {
	f := newFixture(b, textPayload(4<<10))
	sign := f.author.Public().Sign
	b.ReportAllocs()
	for b.Loop() {
		if err := Verify(f.env, sign); err != nil {
			b.Fatal(err)
		}
	}
	reportIndexTime(b)
}

func BenchmarkUnmarshalEnvelope4KiB(b *testing.B) {
	f := newFixture(b, textPayload(4<<10))
	blob, err := f.env.MarshalBinary()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(blob)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := UnmarshalEnvelope(blob); err != nil {
			b.Fatal(err)
		}
	}
	reportIndexTime(b)
}

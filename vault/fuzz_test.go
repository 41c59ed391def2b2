package vault

import (
	"bytes"
	"errors"
	"testing"
)

func FuzzUnmarshalEnvelope(f *testing.F) {
	fx := newFixture(f, textPayload(300))
	for _, p := range [][]byte{nil, []byte("x"), textPayload(300), randomPayload(600)} {
		e, err := Seal(fx.h, p, fx.ck, fx.author)
		if err != nil {
			f.Fatal(err)
		}
		b, err := e.MarshalBinary()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(envelopeMagic))
	f.Add([]byte{})
	sign := fx.author.Public().Sign
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := UnmarshalEnvelope(b)
		if err != nil {
			if !errors.Is(err, ErrMalformed) || e != nil {
				t.Fatalf("UnmarshalEnvelope() = %v, %v", e, err)
			}
			return
		}
		// Every envelope that parses has exactly one encoding.
		b2, err := e.MarshalBinary()
		if err != nil {
			t.Fatalf("parsed envelope does not marshal: %v", err)
		}
		if !bytes.Equal(b, b2) {
			t.Fatal("encoding is not canonical")
		}
		got, err := Open(e, Location{e.RecordID, e.CaseID}, &CaseKey{CaseID: e.CaseID, Epoch: e.KeyEpoch, Key: fx.ck.Key}, sign)
		if err == nil {
			// Only what the author really sealed may open.
			if e.VersionID != fx.h.VersionID || e.RecordID != fx.h.RecordID || e.Schema != fx.h.Schema ||
				Verify(e, sign) != nil {
				t.Fatal("opened an envelope the author did not seal")
			}
			return
		}
		if got != nil || !isSentinel(err) {
			t.Fatalf("Open() = %d bytes, %v", len(got), err)
		}
		_ = Verify(e, sign)
	})
}

func FuzzUnmarshalLockedIdentity(f *testing.F) {
	id := mustIdentity(f)
	l := &LockedIdentity{KDF: KDFParams{Time: 3, MemoryKiB: 64 << 10, Threads: 2, Salt: make([]byte, 16)}, Public: id.Public(),
		sealed: make([]byte, lockedSealed)}
	b, err := l.MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(lockedMagic))
	f.Fuzz(func(t *testing.T, b []byte) {
		l, err := UnmarshalLockedIdentity(b)
		if err != nil {
			if !errors.Is(err, ErrMalformed) || l != nil {
				t.Fatalf("UnmarshalLockedIdentity() = %v, %v", l, err)
			}
			return
		}
		b2, err := l.MarshalBinary()
		if err != nil || !bytes.Equal(b, b2) {
			t.Fatalf("not canonical: %v", err)
		}
		// Unlock is not fuzzed: each attempt costs an Argon2id run. Its
		// checks before deriving must still hold.
		if l.KDF.Check() != nil {
			if _, err := Unlock(l, []byte("p")); !isSentinel(err) {
				t.Fatalf("Unlock with bad parameters: %v", err)
			}
		}
	})
}

func FuzzUnmarshalWrappedKey(f *testing.F) {
	id := mustIdentity(f)
	ck := mustCaseKey(f, "case-1", 1)
	w, err := WrapCaseKey(ck, id.Public(), id)
	if err != nil {
		f.Fatal(err)
	}
	b, err := w.MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(wrappedMagic))
	f.Fuzz(func(t *testing.T, b []byte) {
		w, err := UnmarshalWrappedKey(b)
		if err != nil {
			if !errors.Is(err, ErrMalformed) || w != nil {
				t.Fatalf("UnmarshalWrappedKey() = %v, %v", w, err)
			}
			return
		}
		// A key wrapped before keys were signed is read, never written.
		if b2, err := w.MarshalBinary(); w.Signer != "" && (err != nil || !bytes.Equal(b, b2)) {
			t.Fatalf("not canonical: %v", err)
		}
		w.Recipient = id.DeviceID()
		if k, err := id.UnwrapCaseKey(w); err == nil {
			// Only the wrap we made opens, with the labels it was made with.
			if k == nil || *k != *ck {
				t.Fatal("unwrapped a key that was never wrapped")
			}
		} else if !isSentinel(err) || k != nil {
			t.Fatalf("UnwrapCaseKey() = %v, %v", k, err)
		}
	})
}

// FuzzUnpadDecompress feeds arbitrary padded plaintext to the decompressor: a
// case member could seal anything, so what comes out of the AEAD is untrusted
// too. It must never panic, and a payload that compressPad made must come back.
func FuzzUnpadDecompress(f *testing.F) {
	for _, p := range [][]byte{nil, []byte("a"), textPayload(4 << 10), randomPayload(700)} {
		b, n, err := compressPad(p, 0, 0)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b[:n])
	}
	f.Fuzz(func(t *testing.T, padded []byte) {
		out, err := unpadDecompress(padded)
		if err != nil {
			return
		}
		b, n, err := compressPad(out, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		again, err := unpadDecompress(b[:n])
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("round trip of %d bytes failed: %v", len(out), err)
		}
	})
}

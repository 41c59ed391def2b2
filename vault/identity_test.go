package vault

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"regexp"
	"testing"
)

func TestLockUnlockRoundTrip(t *testing.T) {
	f := mustLocked(t)
	b, err := f.locked.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	l, err := UnmarshalLockedIdentity(b)
	if err != nil {
		t.Fatal(err)
	}
	if b2, _ := l.MarshalBinary(); !bytes.Equal(b, b2) {
		t.Fatal("marshal, unmarshal, marshal is not stable")
	}
	id, err := Unlock(l, f.pass)
	if err != nil {
		t.Fatal(err)
	}
	if id.DeviceID() != f.id.DeviceID() || id.Public().Box != f.id.Public().Box ||
		!bytes.Equal(id.Public().Sign, f.id.Public().Sign) {
		t.Fatal("unlocked identity has other public keys")
	}
	if id.box != f.id.box || !bytes.Equal(id.sign, f.id.sign) {
		t.Fatal("unlocked identity has other private keys")
	}

	// The unlocked keys work: unwrap a key wrapped to the original, and
	// sign something the original's public key verifies.
	ck := mustCaseKey(t, "case-1", 1)
	w, err := WrapCaseKey(ck, f.id.Public(), f.id)
	if err != nil {
		t.Fatal(err)
	}
	got, err := id.UnwrapCaseKey(w)
	if err != nil || got.Key != ck.Key {
		t.Fatalf("unwrap with unlocked identity: %v", err)
	}
	e, err := Seal(Header{VersionID: NewVersionID(), RecordID: "r", CaseID: "case-1", KeyEpoch: 1}, []byte("x"), ck, id)
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(e, f.id.Public().Sign); err != nil {
		t.Fatal(err)
	}
}

func TestUnlockWrongPassphrase(t *testing.T) {
	f := mustLocked(t)
	if _, err := Unlock(f.locked, []byte("correct horse battery stapler")); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("Unlock() error = %v, want ErrWrongPassphrase", err)
	}
}

// TestUnlockChangedClearPart: the AD binds parameters and public keys, so
// changing them makes the passphrase fail rather than unlocking a different
// identity.
func TestUnlockChangedClearPart(t *testing.T) {
	f := mustLocked(t)
	for _, tt := range []struct {
		name string
		edit func(*LockedIdentity)
	}{
		{"salt", func(l *LockedIdentity) { l.KDF.Salt[0] ^= 1 }},
		{"box key", func(l *LockedIdentity) { l.Public.Box[5] ^= 1 }},
		{"sign key", func(l *LockedIdentity) { l.Public.Sign[9] ^= 1 }},
		{"sealed", func(l *LockedIdentity) { l.sealed[40] ^= 1 }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b, _ := f.locked.MarshalBinary()
			l, err := UnmarshalLockedIdentity(b)
			if err != nil {
				t.Fatal(err)
			}
			tt.edit(l)
			if id, err := Unlock(l, f.pass); !errors.Is(err, ErrWrongPassphrase) || id != nil {
				t.Fatalf("Unlock() = %v, %v; want ErrWrongPassphrase", id, err)
			}
		})
	}
}

func TestUnmarshalLockedIdentityRejects(t *testing.T) {
	f := mustLocked(t)
	b, _ := f.locked.MarshalBinary()
	for n := range len(b) {
		if _, err := UnmarshalLockedIdentity(b[:n]); !errors.Is(err, ErrMalformed) {
			t.Fatalf("truncated to %d: error = %v, want ErrMalformed", n, err)
		}
	}
	if _, err := UnmarshalLockedIdentity(append(bytes.Clone(b), 0)); !errors.Is(err, ErrMalformed) {
		t.Fatalf("trailing byte: error = %v", err)
	}
	huge := bytes.Clone(b)
	huge[8] = 0xff // memory far over 4 GiB
	if _, err := UnmarshalLockedIdentity(huge); !errors.Is(err, ErrMalformed) {
		t.Fatalf("huge memory: error = %v", err)
	}
}

func TestDeviceID(t *testing.T) {
	id := mustIdentity(t)
	got := id.DeviceID()
	if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(got) {
		t.Fatalf("DeviceID() = %q, want 32 lowercase hex digits", got)
	}
	sum := sha256.Sum256(append([]byte("homeward-device-id/v1"), id.Public().Sign...))
	if want := hex.EncodeToString(sum[:16]); got != want {
		t.Fatalf("DeviceID() = %q, want %q", got, want)
	}
	if got != id.Public().DeviceID() {
		t.Fatal("Identity.DeviceID differs from PublicIdentity.DeviceID")
	}
	if mustIdentity(t).DeviceID() == got {
		t.Fatal("two identities share a device ID")
	}
}

func TestPublicIsACopy(t *testing.T) {
	id := mustIdentity(t)
	p := id.Public()
	p.Sign[0] ^= 1
	if bytes.Equal(p.Sign, id.Public().Sign) {
		t.Fatal("changing Public().Sign changed the identity")
	}
}

func TestWipe(t *testing.T) {
	id := mustIdentity(t)
	ck := mustCaseKey(t, "case-1", 1)
	w, err := WrapCaseKey(ck, id.Public(), id)
	if err != nil {
		t.Fatal(err)
	}
	sign := id.sign
	devID := id.DeviceID()
	id.Wipe()
	if id.box != [32]byte{} || !bytes.Equal(sign, make([]byte, len(sign))) {
		t.Fatal("private key bytes survive Wipe")
	}
	if id.DeviceID() != devID {
		t.Fatal("Wipe changed the device ID")
	}
	if _, err := id.UnwrapCaseKey(w); err == nil {
		t.Fatal("wiped identity unwrapped a key")
	}
	if _, err := Seal(Header{VersionID: "v", RecordID: "r", CaseID: "case-1", KeyEpoch: 1}, nil, ck, id); err == nil {
		t.Fatal("wiped identity signed")
	}
	if _, err := Lock(id, []byte("p"), testKDF(t)); err == nil {
		t.Fatal("wiped identity was locked")
	}
	ck.Wipe()
	if ck.Key != [32]byte{} {
		t.Fatal("case key survives Wipe")
	}
}

package vault

import (
	"bytes"
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding"
	"encoding/hex"
	"fmt"

	"golang.org/x/crypto/chacha20poly1305"
)

// Identity is a device's private keys: an X25519 key for receiving case keys
// and an Ed25519 key for signing versions. It lives in memory only; on disk
// it is a [LockedIdentity]. Call [Identity.Wipe] when the app locks. Its
// methods are safe for concurrent use, except Wipe.
type Identity struct {
	box       [32]byte           // X25519 private scalar
	sign      ed25519.PrivateKey // seed || public key; nil once wiped
	attestKey [32]byte           // keys its attestations; derived from the seed
	public    PublicIdentity
}

// PublicIdentity is the public half of an [Identity], as other devices and
// the central store know it.
type PublicIdentity struct {
	Box  [32]byte          // X25519 public key: case keys are wrapped to it
	Sign ed25519.PublicKey // Ed25519 public key: versions are signed by it
}

const deviceIDDomain = "homeward-device-id/v1"

// DeviceID returns the identity's stable short ID: lowercase hex of the first
// 16 bytes of SHA-256("homeward-device-id/v1" || Sign). Envelopes and wrapped
// keys name devices by it.
func (p PublicIdentity) DeviceID() string { return deviceIDOf(p.Sign) }

func deviceIDOf(sign []byte) string {
	var id [32]byte
	deviceIDInto(&id, sign)
	return string(id[:])
}

// deviceIDInto writes the hex device ID of sign into dst without allocating.
func deviceIDInto(dst *[32]byte, sign []byte) {
	h := sha256.New()
	h.Write([]byte(deviceIDDomain))
	h.Write(sign)
	var sum [sha256.Size]byte
	hex.Encode(dst[:], h.Sum(sum[:0])[:16])
}

// NewIdentity makes a new device identity from fresh random keys.
func NewIdentity() (*Identity, error) {
	id := new(Identity)
	if _, err := rand.Read(id.box[:]); err != nil {
		return nil, fmt.Errorf("new identity: %w", err)
	}
	pub, sign, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("new identity: %w", err)
	}
	id.sign = sign
	id.public.Sign = pub
	if err := id.derivePublicBox(); err != nil {
		return nil, fmt.Errorf("new identity: %w", err)
	}
	id.deriveAttestKey()
	return id, nil
}

// derivePublicBox sets id.public.Box from id.box.
func (id *Identity) derivePublicBox() error {
	k, err := ecdh.X25519().NewPrivateKey(id.box[:])
	if err != nil {
		return err
	}
	copy(id.public.Box[:], k.PublicKey().Bytes())
	return nil
}

// Public returns the identity's public keys.
func (id *Identity) Public() PublicIdentity {
	p := id.public
	p.Sign = bytes.Clone(p.Sign)
	return p
}

// DeviceID returns the ID of the identity's device; see [PublicIdentity.DeviceID].
func (id *Identity) DeviceID() string { return id.public.DeviceID() }

// Wipe zeroes the private keys the identity holds. Afterwards it can no
// longer unwrap case keys or sign; Public and DeviceID still work.
//
// Go cannot promise that no copy survives: the standard library's X25519
// and AEAD code keep short-lived copies of keys that this package cannot
// reach. Wipe removes the long-lived ones.
func (id *Identity) Wipe() {
	clear(id.box[:])
	clear(id.sign)
	clear(id.attestKey[:])
	id.sign = nil
}

func (id *Identity) wiped() bool { return id == nil || id.sign == nil }

// LockedIdentity is an [Identity] as it is written to disk: the Argon2id
// parameters and public keys in the clear, the private keys sealed with
// XChaCha20-Poly1305 under the passphrase-derived key. The associated data
// binds the parameters and the public keys, so neither can be swapped.
type LockedIdentity struct {
	KDF    KDFParams
	Public PublicIdentity
	sealed []byte // nonce || AEAD(box private || ed25519 seed)
}

const (
	lockedMagic   = "HWI\x01"
	lockedADLabel = "homeward-locked-identity/v1\x00"
	lockedPlain   = 32 + ed25519.SeedSize
	lockedSealed  = chacha20poly1305.NonceSizeX + lockedPlain + chacha20poly1305.Overhead
)

var (
	_ encoding.BinaryMarshaler = (*LockedIdentity)(nil)
	_ encoding.BinaryMarshaler = (*WrappedKey)(nil)
	_ encoding.BinaryMarshaler = (*Envelope)(nil)
)

// appendClearPart appends the clear part of the encoding: magic, parameters
// and public keys. It is also the associated data, behind a domain label.
func (l *LockedIdentity) appendClearPart(b []byte) []byte {
	b = append(b, lockedMagic...)
	b = appendU32(b, l.KDF.Time)
	b = appendU32(b, l.KDF.MemoryKiB)
	b = append(b, l.KDF.Threads, byte(len(l.KDF.Salt)))
	b = append(b, l.KDF.Salt...)
	b = append(b, l.Public.Box[:]...)
	return append(b, l.Public.Sign...)
}

func (l *LockedIdentity) ad() []byte {
	return l.appendClearPart([]byte(lockedADLabel))
}

// ClearPart is what l keeps in the clear: its magic, Argon2id parameters and
// public keys. A profile signs it with the identity's key, so that a changed
// parameter is found before any key is derived rather than taken for a wrong
// passphrase (see [VerifyStatement]).
func (l *LockedIdentity) ClearPart() []byte { return l.appendClearPart(nil) }

// Lock seals id under passphrase with Argon2id parameters p. It refuses
// parameters that fail [KDFParams.Check].
func Lock(id *Identity, passphrase []byte, p KDFParams) (*LockedIdentity, error) {
	if err := p.Check(); err != nil {
		return nil, fmt.Errorf("lock identity: %w", err)
	}
	if id.wiped() {
		return nil, errWiped
	}
	l := &LockedIdentity{
		KDF:    KDFParams{Time: p.Time, MemoryKiB: p.MemoryKiB, Threads: p.Threads, Salt: bytes.Clone(p.Salt)},
		Public: id.Public(),
	}
	var plain [lockedPlain]byte
	defer clear(plain[:])
	copy(plain[:32], id.box[:])
	copy(plain[32:], id.sign[:ed25519.SeedSize])

	key := l.KDF.derive(passphrase)
	defer clear(key)
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, fmt.Errorf("lock identity: %w", err)
	}
	l.sealed = make([]byte, chacha20poly1305.NonceSizeX, lockedSealed)
	nonce := l.sealed[:chacha20poly1305.NonceSizeX]
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("lock identity: %w", err)
	}
	l.sealed = aead.Seal(l.sealed, nonce, plain[:], l.ad())
	return l, nil
}

// Unlock opens l with passphrase. It returns an error wrapping [ErrWeakKDF]
// (before doing any work) if l's parameters are too weak,
// [ErrWrongPassphrase] if the passphrase is wrong or any stored byte was
// changed, and [ErrMalformed] if l is incomplete.
func Unlock(l *LockedIdentity, passphrase []byte) (*Identity, error) {
	if l == nil {
		return nil, malformed("locked identity", "missing")
	}
	if err := l.KDF.Check(); err != nil {
		return nil, fmt.Errorf("unlock identity: %w", err)
	}
	if len(l.sealed) != lockedSealed || len(l.Public.Sign) != ed25519.PublicKeySize {
		return nil, malformed("locked identity", "incomplete")
	}
	key := l.KDF.derive(passphrase)
	defer clear(key)
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, fmt.Errorf("unlock identity: %w", err)
	}
	var plain [lockedPlain]byte
	defer clear(plain[:])
	nonce, ct := l.sealed[:chacha20poly1305.NonceSizeX], l.sealed[chacha20poly1305.NonceSizeX:]
	if _, err := aead.Open(plain[:0], nonce, ct, l.ad()); err != nil {
		return nil, ErrWrongPassphrase
	}
	id := new(Identity)
	copy(id.box[:], plain[:32])
	id.sign = ed25519.NewKeyFromSeed(plain[32:])
	id.public.Sign = bytes.Clone(id.sign.Public().(ed25519.PublicKey))
	if err := id.derivePublicBox(); err != nil {
		id.Wipe()
		return nil, malformed("locked identity", "bad private key")
	}
	// The AD binds the stored public keys, so they can only disagree with
	// the private ones if the file was made wrong in the first place.
	if subtle.ConstantTimeCompare(id.public.Box[:], l.Public.Box[:]) != 1 ||
		!bytes.Equal(id.public.Sign, l.Public.Sign) {
		id.Wipe()
		return nil, malformed("locked identity", "public keys do not match private keys")
	}
	id.deriveAttestKey()
	return id, nil
}

// MarshalBinary encodes l: a magic and version, the Argon2id parameters and
// salt, the public keys, a nonce and the sealed private keys.
func (l *LockedIdentity) MarshalBinary() ([]byte, error) {
	if len(l.sealed) != lockedSealed || len(l.Public.Sign) != ed25519.PublicKeySize ||
		len(l.KDF.Salt) > maxSaltLen {
		return nil, malformed("locked identity", "incomplete")
	}
	b := make([]byte, 0, 4+4+4+2+len(l.KDF.Salt)+32+32+lockedSealed)
	b = l.appendClearPart(b)
	return append(b, l.sealed...), nil
}

// UnmarshalLockedIdentity decodes what [LockedIdentity.MarshalBinary]
// produced. It returns an error wrapping [ErrMalformed] for anything else,
// and accepts weak parameters so that [Unlock] can report [ErrWeakKDF].
func UnmarshalLockedIdentity(b []byte) (*LockedIdentity, error) {
	r := reader{b: b}
	r.magic(lockedMagic)
	l := new(LockedIdentity)
	l.KDF.Time = r.u32()
	l.KDF.MemoryKiB = r.u32()
	l.KDF.Threads = r.u8()
	saltLen := int(r.u8())
	if r.err == "" && saltLen > maxSaltLen {
		r.fail("salt is too long")
	}
	l.KDF.Salt = bytes.Clone(r.take(saltLen))
	copy(l.Public.Box[:], r.take(32))
	l.Public.Sign = bytes.Clone(r.take(ed25519.PublicKeySize))
	l.sealed = bytes.Clone(r.take(lockedSealed))
	r.end()
	if r.err == "" && (l.KDF.Time > maxKDFTime || l.KDF.MemoryKiB > maxKDFMemoryKiB) {
		r.fail("key derivation parameters out of range")
	}
	if r.err != "" {
		return nil, malformed("locked identity", r.err)
	}
	return l, nil
}

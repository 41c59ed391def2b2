package vault

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/google/uuid"
	"golang.org/x/crypto/blake2b"
	"golang.org/x/crypto/chacha20poly1305"
)

// Header is the clear part of an [Envelope]: what devices and the central
// store index and sync by. Each ID is 1 to 128 bytes; a version has at most
// 1024 parents.
type Header struct {
	VersionID    string   // UUIDv7 made on the device; see NewVersionID
	RecordID     string   // the record this is a version of
	CaseID       string   // the case (one child) the record belongs to
	Parents      []string // version IDs this one supersedes; empty for a record's first version
	AuthorDevice string   // DeviceID of the device that sealed and signed it
	KeyEpoch     uint32   // epoch of the case key that sealed it
	Schema       uint16   // payload schema version
}

// Envelope is one sealed version: the only form in which case data is ever
// written to a disk or sent over a network.
type Envelope struct {
	Header
	CT         []byte // 24-byte nonce || XChaCha20-Poly1305(DEK, padded compressed payload, AD)
	WrappedDEK []byte // 24-byte nonce || XChaCha20-Poly1305(case key, DEK, AD)
	Sig        []byte // Ed25519 by the author device over a digest of AD, CT and WrappedDEK
}

// Location is where an envelope was found: the record and case the caller
// expects it to belong to.
type Location struct {
	RecordID, CaseID string
}

const (
	maxIDLen   = 128
	maxParents = 1024
	maxSmall   = 1024 // bound on WrappedDEK and Sig in the encoding

	envelopeMagic = "HWE\x01"
	adLabel       = "homeward-envelope-ad/v1\x00"
	sigLabel      = "homeward-envelope-sig/v2\x00"

	nonceLen      = chacha20poly1305.NonceSizeX
	tagLen        = chacha20poly1305.Overhead
	dekLen        = chacha20poly1305.KeySize
	wrappedDEKLen = nonceLen + dekLen + tagLen
)

// maxCT bounds the ciphertext of any envelope Seal can make, and
// maxEnvelopeLen the encoding of any envelope MarshalBinary accepts.
var (
	maxCT          = nonceLen + maxPadded + tagLen
	maxEnvelopeLen = len(envelopeMagic) + (4+maxParents)*(2+maxIDLen) + 2 + 4 + 2 + 4 + maxCT + 2*(2+maxSmall)
)

// NewVersionID returns a fresh UUIDv7 string for Header.VersionID.
func NewVersionID() string { return uuid.Must(uuid.NewV7()).String() }

func checkID(field, id string) error {
	if r := idProblem(field, id); r != "" {
		return errors.New("vault: " + r)
	}
	return nil
}

func idProblem(field, id string) string {
	switch {
	case id == "":
		return field + " is empty"
	case len(id) > maxIDLen:
		return field + " is too long"
	}
	return ""
}

// problem returns a short reason if h cannot be encoded, or "".
func (h *Header) problem() string {
	for _, f := range [...]struct{ name, id string }{
		{"version id", h.VersionID},
		{"record id", h.RecordID},
		{"case id", h.CaseID},
		{"author device", h.AuthorDevice},
	} {
		if r := idProblem(f.name, f.id); r != "" {
			return r
		}
	}
	if len(h.Parents) > maxParents {
		return "too many parents"
	}
	for _, p := range h.Parents {
		if r := idProblem("parent", p); r != "" {
			return r
		}
	}
	return ""
}

// associatedData is the canonical, domain-separated encoding of the header
// that both ciphertexts and the signature bind: every string length-prefixed,
// parents in sorted order.
func (h *Header) associatedData() ([]byte, error) {
	if r := h.problem(); r != "" {
		return nil, malformed("envelope", r)
	}
	parents := h.Parents
	if !slices.IsSorted(parents) {
		parents = slices.Sorted(slices.Values(parents))
	}
	n := len(adLabel) + 5*2 + len(h.VersionID) + len(h.RecordID) + len(h.CaseID) + len(h.AuthorDevice) + 4 + 2
	for _, p := range parents {
		n += 2 + len(p)
	}
	b := make([]byte, 0, n)
	b = append(b, adLabel...)
	b = appendStr16(b, h.VersionID)
	b = appendStr16(b, h.RecordID)
	b = appendStr16(b, h.CaseID)
	b = appendU16(b, uint16(len(parents)))
	for _, p := range parents {
		b = appendStr16(b, p)
	}
	b = appendStr16(b, h.AuthorDevice)
	b = appendU32(b, h.KeyEpoch)
	return appendU16(b, h.Schema), nil
}

// Seal makes an envelope of payload (at most MaxPayload bytes): it
// compresses it with S2 (or keeps it as it is if that does not make it
// smaller), pads it (Padmé, with a 4-byte length inside) so
// that the exact size is hidden, encrypts it under a fresh random DEK, wraps
// the DEK under ck and signs the result with author's key.
//
// h.CaseID and h.KeyEpoch must name ck, or Seal returns [ErrWrongKey].
// Seal sets h.AuthorDevice to author's DeviceID and sorts a copy of
// h.Parents, which must not repeat.
func Seal(h Header, payload []byte, ck *CaseKey, author *Identity) (*Envelope, error) {
	e, d, err := seal(h, payload, ck, author)
	if err != nil {
		return nil, err
	}
	e.Sig = ed25519.Sign(author.sign, d[:])
	return e, nil
}

// seal is Seal without the signature: it returns the unsigned envelope and the
// digest its signature is to cover.
func seal(h Header, payload []byte, ck *CaseKey, author *Identity) (*Envelope, [32]byte, error) {
	var d [32]byte
	if ck == nil {
		return nil, d, errors.New("vault: seal: no case key")
	}
	if author.wiped() {
		return nil, d, errWiped
	}
	if len(payload) > MaxPayload {
		return nil, d, fmt.Errorf("vault: seal: payload is larger than %d MiB", MaxPayload>>20)
	}
	if h.CaseID != ck.CaseID || h.KeyEpoch != ck.Epoch {
		return nil, d, ErrWrongKey
	}
	h.AuthorDevice = author.DeviceID()
	if len(h.Parents) > 0 {
		h.Parents = slices.Sorted(slices.Values(h.Parents))
		if len(slices.Compact(slices.Clone(h.Parents))) != len(h.Parents) {
			return nil, d, errors.New("vault: seal: a parent is named twice")
		}
	} else {
		h.Parents = nil
	}
	ad, err := h.associatedData()
	if err != nil {
		return nil, d, fmt.Errorf("seal: %w", err)
	}

	buf, n, err := compressPad(payload, nonceLen, tagLen)
	if err != nil {
		return nil, d, fmt.Errorf("seal: %w", err)
	}
	// One read of randomness for the data key and both nonces.
	var random [dekLen + 2*nonceLen]byte
	defer clear(random[:])
	if _, err := rand.Read(random[:]); err != nil {
		return nil, d, fmt.Errorf("seal: %w", err)
	}
	dek := random[:dekLen]
	nonce := buf[:nonceLen]
	copy(nonce, random[dekLen:])
	aead, err := chacha20poly1305.NewX(dek)
	if err != nil {
		return nil, d, fmt.Errorf("seal: %w", err)
	}
	aead.Seal(buf[nonceLen:nonceLen], nonce, buf[nonceLen:nonceLen+n], ad) // in place
	ct := buf[:nonceLen+n+tagLen]

	wrapped := make([]byte, nonceLen, wrappedDEKLen)
	copy(wrapped, random[dekLen+nonceLen:])
	kw, err := chacha20poly1305.NewX(ck.Key[:])
	if err != nil {
		return nil, d, fmt.Errorf("seal: %w", err)
	}
	wrapped = kw.Seal(wrapped, wrapped[:nonceLen], dek, ad)

	return &Envelope{Header: h, CT: ct, WrappedDEK: wrapped}, sigDigest(ad, ct, wrapped), nil
}

// Open checks e and returns its payload. In order, it returns:
//   - [ErrMisplaced] if e names another record or case than want;
//   - [ErrWrongKey] if ck is for another case or epoch than e names;
//   - [ErrTampered] if the wrapped DEK or the ciphertext fails to
//     authenticate, so a changed byte of the header, CT or WrappedDEK;
//   - [ErrBadSignature] if Sig does not verify with authorSign, or
//     authorSign is not the key of e.AuthorDevice;
//   - [ErrMalformed] if the authenticated payload is badly padded or
//     compressed.
//
// It never returns plaintext with an error.
func Open(e *Envelope, want Location, ck *CaseKey, authorSign ed25519.PublicKey) ([]byte, error) {
	return open(e, want, ck, func(ad []byte) error { return e.verify(ad, authorSign) })
}

// open is Open with the signature check given as checkSig, which runs after the
// ciphertext has authenticated and before any plaintext is returned.
func open(e *Envelope, want Location, ck *CaseKey, checkSig func(ad []byte) error) ([]byte, error) {
	if e == nil {
		return nil, malformed("envelope", "missing")
	}
	if e.RecordID != want.RecordID || e.CaseID != want.CaseID {
		return nil, ErrMisplaced
	}
	if ck == nil || ck.CaseID != e.CaseID || ck.Epoch != e.KeyEpoch {
		return nil, ErrWrongKey
	}
	ad, err := e.associatedData()
	if err != nil {
		return nil, err
	}
	padded, err := e.decrypt(ck, ad)
	if err != nil {
		return nil, err
	}
	defer clear(padded)
	if err := checkSig(ad); err != nil {
		return nil, err
	}
	return unpadDecompress(padded)
}

// decrypt unwraps the DEK and decrypts CT to the padded plaintext.
func (e *Envelope) decrypt(ck *CaseKey, ad []byte) ([]byte, error) {
	if len(e.WrappedDEK) != wrappedDEKLen {
		return nil, malformed("envelope", "wrapped key has the wrong size")
	}
	if len(e.CT) < nonceLen+tagLen || len(e.CT) > maxCT {
		return nil, malformed("envelope", "ciphertext has the wrong size")
	}
	var dek [dekLen]byte
	defer clear(dek[:])
	kw, err := chacha20poly1305.NewX(ck.Key[:])
	if err != nil {
		return nil, err
	}
	if _, err := kw.Open(dek[:0], e.WrappedDEK[:nonceLen], e.WrappedDEK[nonceLen:], ad); err != nil {
		return nil, ErrTampered
	}
	aead, err := chacha20poly1305.NewX(dek[:])
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(e.CT)-nonceLen-tagLen)
	out, err = aead.Open(out, e.CT[:nonceLen], e.CT[nonceLen:], ad)
	if err != nil {
		return nil, ErrTampered
	}
	return out, nil
}

// Verify checks only e's signature against authorSign, the Ed25519 key of
// e.AuthorDevice: what the central store, which holds no case keys, can
// check. It returns an error wrapping [ErrBadSignature] or, for a header
// that cannot be encoded, [ErrMalformed].
func Verify(e *Envelope, authorSign ed25519.PublicKey) error {
	if e == nil {
		return malformed("envelope", "missing")
	}
	ad, err := e.associatedData()
	if err != nil {
		return err
	}
	return e.verify(ad, authorSign)
}

func (e *Envelope) verify(ad []byte, authorSign ed25519.PublicKey) error {
	if len(authorSign) != ed25519.PublicKeySize {
		return ErrBadSignature
	}
	var id [32]byte
	deviceIDInto(&id, authorSign)
	if string(id[:]) != e.AuthorDevice {
		return ErrBadSignature
	}
	d := sigDigest(ad, e.CT, e.WrappedDEK)
	if !ed25519.Verify(authorSign, d[:], e.Sig) {
		return ErrBadSignature
	}
	return nil
}

// sigDigest is what the author signs: BLAKE2b-256 of sigLabel || AD ||
// len-prefixed CT || len-prefixed WrappedDEK. Signing a digest hashes the
// ciphertext once, in one pass with no copy, where Ed25519 over the whole
// message would hash it twice; the label keeps it apart from every other use
// of the device key.
func sigDigest(ad, ct, wrapped []byte) [32]byte {
	h, _ := blake2b.New256(nil) // an empty key is always accepted
	var n [4]byte
	h.Write([]byte(sigLabel))
	h.Write(ad)
	binary.BigEndian.PutUint32(n[:], uint32(len(ct)))
	h.Write(n[:])
	h.Write(ct)
	binary.BigEndian.PutUint32(n[:], uint32(len(wrapped)))
	h.Write(n[:])
	h.Write(wrapped)
	var d [32]byte
	h.Sum(d[:0])
	return d
}

// MarshalBinary encodes e compactly: a magic and version, the header fields
// (16-bit length-prefixed strings, fixed-width integers), then CT with a
// 32-bit length and WrappedDEK and Sig with 16-bit lengths.
func (e *Envelope) MarshalBinary() ([]byte, error) {
	if r := e.problem(); r != "" {
		return nil, malformed("envelope", r)
	}
	switch {
	case len(e.CT) > maxCT:
		return nil, malformed("envelope", "ciphertext is too long")
	case len(e.WrappedDEK) > maxSmall:
		return nil, malformed("envelope", "wrapped key is too long")
	case len(e.Sig) > maxSmall:
		return nil, malformed("envelope", "signature is too long")
	}
	n := len(envelopeMagic) + 5*2 + len(e.VersionID) + len(e.RecordID) + len(e.CaseID) + len(e.AuthorDevice) +
		4 + 2 + 4 + len(e.CT) + 2 + len(e.WrappedDEK) + 2 + len(e.Sig)
	for _, p := range e.Parents {
		n += 2 + len(p)
	}
	b := make([]byte, 0, n)
	b = append(b, envelopeMagic...)
	b = appendStr16(b, e.VersionID)
	b = appendStr16(b, e.RecordID)
	b = appendStr16(b, e.CaseID)
	b = appendU16(b, uint16(len(e.Parents)))
	for _, p := range e.Parents {
		b = appendStr16(b, p)
	}
	b = appendStr16(b, e.AuthorDevice)
	b = appendU32(b, e.KeyEpoch)
	b = appendU16(b, e.Schema)
	b = appendBytes32(b, e.CT)
	b = append(appendU16(b, uint16(len(e.WrappedDEK))), e.WrappedDEK...)
	b = append(appendU16(b, uint16(len(e.Sig))), e.Sig...)
	return b, nil
}

// UnmarshalEnvelope decodes what [Envelope.MarshalBinary] produced. For
// anything else it returns an error wrapping [ErrMalformed] with a short
// reason. It never panics, allocates no more than about len(b), and copies
// b, so the caller may reuse it.
func UnmarshalEnvelope(b []byte) (*Envelope, error) {
	if len(b) > maxEnvelopeLen {
		return nil, malformed("envelope", "too long")
	}
	r := reader{b: bytes.Clone(b)} // one copy: CT, WrappedDEK and Sig alias it
	r.magic(envelopeMagic)
	e := new(Envelope)
	e.VersionID = r.str16("version id", maxIDLen)
	e.RecordID = r.str16("record id", maxIDLen)
	e.CaseID = r.str16("case id", maxIDLen)
	if np := int(r.u16()); np > maxParents {
		r.fail("too many parents")
	} else if np > 0 && r.err == "" {
		if np > len(r.b)/3 {
			r.fail("truncated")
		} else {
			e.Parents = make([]string, np)
			for i := range e.Parents {
				e.Parents[i] = r.str16("parent", maxIDLen)
				// Seal writes parents sorted and once each: any other order
				// would be a second encoding of the same signed header.
				if i > 0 && r.err == "" && e.Parents[i] <= e.Parents[i-1] {
					r.fail("parents out of order")
				}
			}
		}
	}
	e.AuthorDevice = r.str16("author device", maxIDLen)
	e.KeyEpoch = r.u32()
	e.Schema = r.u16()
	e.CT = r.bytes32("ciphertext", maxCT)
	e.WrappedDEK = r.bytes16("wrapped key", maxSmall)
	e.Sig = r.bytes16("signature", maxSmall)
	r.end()
	if r.err != "" {
		return nil, malformed("envelope", r.err)
	}
	return e, nil
}

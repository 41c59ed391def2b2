// Package vault holds Homeward's keys and seals and opens the versions of
// case records. It is pure Go, does no I/O of its own and imports nothing
// else of Homeward's.
//
// # Identities
//
// Each device has an [Identity]: an X25519 key that case keys are wrapped to,
// and an Ed25519 key that signs every version the device writes. Its public
// half, [PublicIdentity], is what other devices and the central store know;
// [PublicIdentity.DeviceID] names it. On disk an identity only ever exists as
// a [LockedIdentity]: the private keys sealed with XChaCha20-Poly1305 under a
// key derived from the user's passphrase with Argon2id. The Argon2id
// parameters travel with it, are chosen by [Calibrate] when the device is set
// up, and anything weaker than [MinKDF] is refused.
//
// # Case keys and epochs
//
// Every case (one child) has a random 32-byte [CaseKey], numbered by epoch.
// The key is wrapped to each member's X25519 public key as a [WrappedKey]
// (ephemeral X25519, HKDF-SHA256, XChaCha20-Poly1305), signed by the device
// that wrapped it ([VerifyWrap]): a recipient takes a key only from a device
// it already trusts. Removing a member or
// losing a device starts a new epoch whose key is wrapped only to those who
// remain; versions sealed earlier keep naming the epoch that sealed them.
// Destroying every wrap of a case's keys crypto-shreds the case.
//
// # Envelopes
//
// A record is never changed in place: each save is a new immutable version,
// sealed by [Seal] into an [Envelope]. Its [Header] stays in the clear so
// that devices and the server can index and sync it: version, record and
// case IDs, the parent versions, the author device, the key epoch and the
// payload schema. Everything else is in the ciphertext: the payload is
// compressed with S2, padded (Padmé) so that its exact length is hidden,
// and encrypted with XChaCha20-Poly1305 under a fresh data key (DEK). The DEK
// is itself sealed under the case key. Both ciphertexts take the canonical
// encoding of the header as associated data, so a blob cannot be moved to
// another record or case, and the author signs header, ciphertext and
// wrapped DEK with Ed25519.
//
// A device keeps its own saves unsigned: [SealLocal] returns the envelope with
// an attestation, a MAC only the author's identity can make, which stands in for
// the signature on that device. [SignAttested] signs the envelope as it leaves
// the device, after checking the attestation, so a save does not wait for an
// Ed25519 signature and nothing changed in the file is ever signed.
//
// [Open] checks, in order: that the envelope is where the caller found it
// ([ErrMisplaced]), that the case key is the one it names ([ErrWrongKey]),
// that both ciphertexts authenticate ([ErrTampered]) and that the author's
// signature verifies ([ErrBadSignature]); only then is the payload unpadded,
// decompressed and returned. [Verify] checks the signature alone, which is
// all the central store, holding no keys, can do.
//
// # What a device keeps for itself
//
// Beside the versions, a device keeps notes about its own file that it never
// sends: [Identity.Vouch] MACs what it has checked (another device's keys, a
// wrapped key), [Identity.SealPrivate] seals what it summarises (a case's
// summary), and [Identity.SignStatement] signs what must be checked before
// the profile is unlocked, with only the public key at hand (the key
// derivation parameters, the reset of the wrong-passphrase counter). Each use
// has a label of its own, so nothing made for one passes for another.
//
// All errors wrap one of the package's sentinel errors, whose messages are
// safe to show a person; no error ever carries case data.
package vault

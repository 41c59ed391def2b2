package vault

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error this package returns about the data or keys
// it was given wraps one of them (test with errors.Is); errors for a call
// made wrong, such as an empty ID given to Seal, do not. Messages are safe
// to show a person and never contain case data.
var (
	// ErrWrongPassphrase means a locked identity did not open with the
	// passphrase given.
	ErrWrongPassphrase = errors.New("vault: wrong passphrase")

	// ErrWeakKDF means stored or requested Argon2id parameters are below
	// MinKDF and were refused.
	ErrWeakKDF = errors.New("vault: key derivation parameters are too weak")

	// ErrMalformed means bytes do not parse as an envelope, locked identity
	// or wrapped key, or a decrypted payload is not well formed.
	ErrMalformed = errors.New("vault: data is malformed")

	// ErrTampered means authenticated decryption failed: some byte of the
	// header, the ciphertext or a wrapped key was changed or damaged.
	ErrTampered = errors.New("vault: data was changed or damaged")

	// ErrMisplaced means an envelope names another record or case than the
	// one it was found under.
	ErrMisplaced = errors.New("vault: version belongs to another record or case")

	// ErrBadSignature means an envelope's signature does not verify with
	// the author's device key.
	ErrBadSignature = errors.New("vault: signature does not verify")

	// ErrWrongKey means a key is for another case, epoch or device than the
	// data names.
	ErrWrongKey = errors.New("vault: key is for another case, epoch or device")
)

// errWiped is returned when a wiped identity is asked to decrypt or sign.
var errWiped = errors.New("vault: identity has been wiped")

// malformed wraps ErrMalformed with what was being parsed and a short,
// fixed reason.
func malformed(what, reason string) error {
	return fmt.Errorf("%w: %s: %s", ErrMalformed, what, reason)
}

// Package store is a device's replica of the case records it may see: one SQLite
// file per profile that holds only sealed versions (see package vault), wrapped
// case keys, the locked identity and sync bookkeeping, never plaintext case data.
//
// A record is never changed in place. Each save adds a version whose parents are
// the versions it replaces; the versions no other version names as a parent are the
// record's heads, and more than one head is a conflict for a person to merge. What
// someone is still typing is a draft: sealed too, one slot per record, overwritten
// as they type and never synced.
//
// This device's own versions are kept unsigned, each with the device's
// attestation beside it (vault.SealLocal), so a save does not wait for a
// signature; Outbox signs them as they leave for the central store, and
// MarkPushed takes the ones it accepted out of the outbox.
//
// A Store opens locked. Unlock derives the key-encryption key from the passphrase,
// unwraps the identity and the case keys, and builds an index of every record's
// current version in memory; lists and search run on that index. Lock zeroes the
// keys it holds and drops the index.
package store

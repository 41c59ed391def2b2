// Package store is a device's replica of the case records it may see: one SQLite
// file per profile that holds only sealed versions (see package vault), wrapped
// case keys, the locked identity, sealed case summaries and sync bookkeeping,
// never plaintext case data.
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
// # Nothing in the file is trusted that cannot be verified
//
// Anyone may have written to the file: a co-worker on a shared tablet, whoever
// held a lost device, a copied backup. So every row that unlock and the pages
// rely on is either made by this identity, in a form only it can make, or
// signed by a device it already trusts; anything else is Damage, shown and
// never used, and it affects only what depends on it:
//
//   - a device is trusted when it is this identity, or this identity vouched for
//     its row (vault.Identity.Vouch) after checking it;
//   - a case key is used when this identity vouched for its wrap, or a trusted
//     device signed it (vault.VerifyWrap); a new epoch from anyone else is never
//     used, and a case whose newest key from a trusted device is damaged takes
//     no new saves rather than be sealed under an older key;
//   - a version is read when this identity attested it, or a trusted device
//     signed it; the version graph, and so a record's heads, comes from the
//     parents inside the authenticated envelopes, never from a table;
//   - each case's summary is sealed for this identity alone and counts the
//     case's versions, those waiting to be pushed, and a keyed set of their IDs:
//     unlock checks the counts against the file and opening the case checks the
//     set, so a version deleted, added or replaced behind this device's back is
//     damage with the child's name; a case whose outbox state was edited is sent
//     again whole, which the central store answers as duplicates;
//   - a ledger over the summaries (summary.go) finds a summary removed, or put
//     back from an older copy of the file;
//   - the wrong-passphrase count is written before the key is derived, a reset
//     to zero is signed, and a count that cannot be written refuses the attempt;
//     the key derivation parameters are signed, so a changed one is a damaged
//     profile, not a wrong passphrase.
//
// What software alone cannot find is the whole file, or the last save with
// everything it wrote, put back from an older copy. Sync will bring devices,
// wraps and versions from outside through these same checks.
//
// # Unlock at a team's scale
//
// A Store opens locked. Unlock derives the key-encryption key from the
// passphrase, unwraps the identity and the case keys and opens the summaries:
// lists, search and due dates run on those, in memory. A case's records are
// opened when the case is (Case, Heads), and the few opened last are kept. A
// summary that is missing, stale or damaged is made again from the versions.
// Lock zeroes the keys it holds and drops the summaries and the open cases.
package store

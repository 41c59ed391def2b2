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
//     used, and saves go on under the newest key that checks out;
//   - a version is read when this identity attested it, or a trusted device
//     signed it; the version graph, and so a record's heads, comes from the
//     parents inside the authenticated envelopes, never from a table;
//   - each case's summary is sealed for this identity alone and counts the
//     case's versions, those waiting to be pushed, and a keyed set of their IDs:
//     unlock checks the counts against the file and opening the case checks the
//     set, so a version deleted, added or replaced behind this device's back is
//     damage with the child's name; a case whose outbox was edited (how many
//     wait, or which) is sent again whole, which the central store answers as
//     duplicates;
//   - a ledger over the summaries (summary.go) finds a summary removed, or put
//     back from an older copy of the file;
//   - the wrong-passphrase count is written before the key is derived, a reset
//     to zero is signed, and a count that cannot be written refuses the attempt;
//     the key settings are signed, so a changed one is a changed profile, not a
//     wrong passphrase, and a lost signature is made again once the passphrase
//     opens the profile;
//   - the file's tables, indexes and triggers must be the ones this layout
//     makes, so that nothing planted in it can drop a save or freeze a count,
//     and a file whose layout number was set back is refused;
//   - what unlock finds is kept in the profile's own sealed notes, which the
//     newest summary knows, so that removing them is seen too.
//
// What software alone cannot find, and is not claimed: the whole file put back
// from an older copy; the newest writes to one case, with everything they
// wrote, taken back (a case made last and removed whole leaves no trace); a
// draft put back from an older copy or removed (drafts are checked for where
// they came from, not for being the newest); and the wrong-passphrase delay
// undone by putting back an earlier state of its rows, or setting the time of
// the last failure back, which an offline copy of the file makes moot anyway.
// Sync will bring devices, wraps and versions from outside through these same
// checks.
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

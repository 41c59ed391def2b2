// Package sqlite is the central store's embedded backend: one SQLite file in
// the server's data folder. It suits one server process; an organisation that
// runs several uses sync/server/postgres.
package sqlite

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"path/filepath"

	_ "github.com/mattn/go-sqlite3" // registers "sqlite3"

	"homeward/sync/server/sqldb"
)

const schema = `
CREATE TABLE IF NOT EXISTS org (
	id            INTEGER PRIMARY KEY CHECK (id = 1),
	name          TEXT NOT NULL,
	recovery_box  BLOB NOT NULL,
	recovery_sign BLOB NOT NULL,
	token_key     BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
	user_id TEXT PRIMARY KEY,
	name    TEXT NOT NULL,
	role    TEXT NOT NULL,
	team    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS enrolments (
	secret_hash BLOB PRIMARY KEY,
	user_id     TEXT NOT NULL REFERENCES users,
	expires_at  INTEGER NOT NULL,
	used_at     INTEGER,
	device_id   TEXT
);
CREATE TABLE IF NOT EXISTS devices (
	device_id   TEXT PRIMARY KEY,
	user_id     TEXT NOT NULL REFERENCES users,
	box_pub     BLOB NOT NULL,
	sign_pub    BLOB NOT NULL,
	enrolled_at INTEGER NOT NULL,
	revoked_at  INTEGER
);
CREATE TABLE IF NOT EXISTS cases (
	case_id TEXT PRIMARY KEY,
	team    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS assignments (
	case_id TEXT NOT NULL,
	user_id TEXT NOT NULL,
	PRIMARY KEY (case_id, user_id)
);
CREATE TABLE IF NOT EXISTS changes (
	seq       INTEGER PRIMARY KEY,
	kind      INTEGER NOT NULL,
	item_id   TEXT NOT NULL,
	case_id   TEXT,
	recipient TEXT,
	author    TEXT,
	data      BLOB NOT NULL,
	UNIQUE (kind, item_id)
);
CREATE INDEX IF NOT EXISTS changes_case ON changes (case_id, seq);
-- The device that made each epoch's key of a case: the first whose wrap of it
-- was taken.
CREATE TABLE IF NOT EXISTS epochs (
	case_id TEXT NOT NULL,
	epoch   INTEGER NOT NULL,
	signer  TEXT NOT NULL,
	PRIMARY KEY (case_id, epoch)
);
-- The epoch a case's new keys need since someone was taken off it.
CREATE TABLE IF NOT EXISTS rekeys (
	case_id TEXT PRIMARY KEY,
	epoch   INTEGER NOT NULL
);
`

// Open opens (making it if needed) the store in the folder dir.
func Open(ctx context.Context, dir string) (*sqldb.DB, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "homeward-server.db")
	u := url.URL{Scheme: "file", Opaque: (&url.URL{Path: path}).EscapedPath(),
		RawQuery: "_txlock=immediate&_journal_mode=WAL&_busy_timeout=5000&_foreign_keys=1&_synchronous=FULL"}
	db, err := sql.Open("sqlite3", u.String())
	if err != nil {
		return nil, err
	}
	// SQLite has one writer at a time; one connection also keeps every
	// statement on the settings above.
	db.SetMaxOpenConns(1)
	s, err := sqldb.Open(ctx, db, sqldb.Dialect{Schema: schema})
	if err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

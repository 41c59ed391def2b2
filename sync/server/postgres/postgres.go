// Package postgres is the central store's backend for an organisation that
// outgrows one machine: several stateless server processes on one
// PostgreSQL database (github.com/jackc/pgx/v5).
package postgres

import (
	"context"
	"database/sql"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"

	"homeward/sync/server/sqldb"
)

const schema = `
CREATE TABLE IF NOT EXISTS org (
	id            INTEGER PRIMARY KEY CHECK (id = 1),
	name          TEXT NOT NULL,
	recovery_box  BYTEA NOT NULL,
	recovery_sign BYTEA NOT NULL,
	token_key     BYTEA NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
	user_id TEXT PRIMARY KEY,
	name    TEXT NOT NULL,
	role    TEXT NOT NULL,
	team    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS enrolments (
	secret_hash BYTEA PRIMARY KEY,
	user_id     TEXT NOT NULL REFERENCES users,
	expires_at  BIGINT NOT NULL,
	used_at     BIGINT,
	device_id   TEXT
);
CREATE TABLE IF NOT EXISTS devices (
	device_id   TEXT PRIMARY KEY,
	user_id     TEXT NOT NULL REFERENCES users,
	box_pub     BYTEA NOT NULL,
	sign_pub    BYTEA NOT NULL,
	enrolled_at BIGINT NOT NULL,
	revoked_at  BIGINT
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
	seq       BIGSERIAL PRIMARY KEY,
	kind      SMALLINT NOT NULL,
	item_id   TEXT NOT NULL,
	case_id   TEXT,
	recipient TEXT,
	author    TEXT,
	data      BYTEA NOT NULL,
	UNIQUE (kind, item_id)
);
CREATE INDEX IF NOT EXISTS changes_case ON changes (case_id, seq);
-- The device that made each epoch's key of a case: the first whose wrap of it
-- was taken.
CREATE TABLE IF NOT EXISTS epochs (
	case_id TEXT NOT NULL,
	epoch   BIGINT NOT NULL,
	signer  TEXT NOT NULL,
	PRIMARY KEY (case_id, epoch)
);
-- The epoch a case's new keys need since someone was taken off it.
CREATE TABLE IF NOT EXISTS rekeys (
	case_id TEXT PRIMARY KEY,
	epoch   BIGINT NOT NULL
);
`

// writeLock is held by every transaction that adds changes, from before it
// takes a sequence number until it commits. Without it, two transactions can
// commit out of sequence order, and a pull between the two commits would move
// its cursor past the one not yet visible and never see it.
const writeLock = `SELECT pg_advisory_xact_lock(7301001)`

// Open connects to the database at dsn and makes the tables it needs.
func Open(ctx context.Context, dsn string) (*sqldb.DB, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(32)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, err
	}
	s, err := sqldb.Open(ctx, db, sqldb.Dialect{
		Schema:     schema,
		Numbered:   true,
		LockWrites: writeLock,
	})
	if err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

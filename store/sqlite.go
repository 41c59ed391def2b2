package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/mattn/go-sqlite3"
)

// driverName is the SQLite driver with the settings every Homeward database uses,
// applied to each connection as it opens.
const driverName = "homeward-sqlite3"

// pragmas keep plaintext out of temporary files, overwrite deleted content, and
// make a save that has returned survive a power cut.
var pragmas = []string{
	"PRAGMA journal_mode=WAL",
	"PRAGMA synchronous=FULL",
	"PRAGMA secure_delete=ON",
	"PRAGMA temp_store=MEMORY",
	"PRAGMA foreign_keys=ON",
	"PRAGMA busy_timeout=5000",
}

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		for _, p := range pragmas {
			if _, err := c.Exec(p, nil); err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
		}
		return nil
	}})
}

// OpenDB opens (creating if needed, readable by its owner only) the SQLite file at
// path with the settings the store uses. It is exported so that benchmarks can
// compare the store with a plain insert under the same settings.
func OpenDB(path string) (*sql.DB, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	f.Close()
	// The path is escaped, so that a folder named with "?" or "#" is still a path.
	u := url.URL{Scheme: "file", Opaque: (&url.URL{Path: path}).EscapedPath(), RawQuery: "_txlock=immediate"}
	db, err := sql.Open(driverName, u.String())
	if err != nil {
		return nil, err
	}
	// One connection: writes are serialised, and every statement sees the pragmas.
	db.SetMaxOpenConns(1)
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

const schema = `
CREATE TABLE IF NOT EXISTS meta (
	key   TEXT PRIMARY KEY,
	value BLOB NOT NULL
);
-- Devices whose versions this device accepts. vouch is this identity's MAC
-- over the row (vault.Identity.Vouch): a row without one is never used.
CREATE TABLE IF NOT EXISTS devices (
	device_id TEXT PRIMARY KEY,
	box_pub   BLOB NOT NULL,
	sign_pub  BLOB NOT NULL,
	vouch     BLOB
);
-- Case keys wrapped to this device, each signed by the device that wrapped it
-- (vault.VerifyWrap); vouch notes that this identity has checked it.
CREATE TABLE IF NOT EXISTS case_keys (
	case_id   TEXT NOT NULL,
	epoch     INTEGER NOT NULL,
	recipient TEXT NOT NULL,
	wrapped   BLOB NOT NULL,
	vouch     BLOB,
	PRIMARY KEY (case_id, epoch, recipient)
);
-- seq orders versions as they reached this device; versions are never deleted, so
-- the rowid alone keeps that order. The outbox is the versions not yet pushed.
-- A version's parents are inside its envelope, authenticated with it: the
-- version graph is read from there, never from a table anyone could edit.
CREATE TABLE IF NOT EXISTS versions (
	seq        INTEGER PRIMARY KEY,
	version_id TEXT NOT NULL,
	record_id  TEXT NOT NULL,
	case_id    TEXT NOT NULL,
	envelope   BLOB NOT NULL,
	attest     BLOB,                       -- this device's note that it made or checked the envelope (vault.SealLocal)
	pushed     INTEGER NOT NULL DEFAULT 0, -- 0 while the version waits in the outbox
	UNIQUE (record_id, version_id)
);
-- Counts each case's versions at unlock without reading an envelope.
CREATE INDEX IF NOT EXISTS versions_case ON versions (case_id, pushed);
-- A record belongs to one case, so one version of it says which. Checked here,
-- where it costs one look-up, rather than by a query of its own on every save.
CREATE TRIGGER IF NOT EXISTS versions_one_case BEFORE INSERT ON versions
WHEN (SELECT case_id FROM versions WHERE record_id = NEW.record_id LIMIT 1) != NEW.case_id
BEGIN SELECT RAISE(ABORT, 'record belongs to another case'); END;
-- Drafts and summaries are kept by their key alone (WITHOUT ROWID), so that
-- writing one changes one page, not a row and an index.
CREATE TABLE IF NOT EXISTS drafts (
	record_id TEXT PRIMARY KEY,
	case_id   TEXT NOT NULL,
	envelope  BLOB NOT NULL,
	attest    BLOB
) WITHOUT ROWID;
-- One sealed summary per case (vault.Identity.SealPrivate): what lists need,
-- and what unlock checks the versions against.
CREATE TABLE IF NOT EXISTS summaries (
	case_id TEXT PRIMARY KEY,
	sealed  BLOB NOT NULL
) WITHOUT ROWID;
`

// schemaVersion is the layout of the profile file that schema makes.
const schemaVersion = 3

// openLayout checks the layout of a profile file before anything is written to
// it, and brings one written by an earlier Homeward as far as it can without
// the keys: layout 1 to 2. Layout 2 becomes 3 at the first unlock (migrate),
// which needs the identity. It runs in one immediate transaction, so two opens
// of the same file cannot both migrate it, and a crash leaves it as it was. A
// file that is not a profile, or was written by a later Homeward, is refused
// unchanged. It returns the layout the file is at.
func openLayout(db *sql.DB) (int, error) {
	var layout int
	err := inTx(db, func(tx *sql.Tx) error {
		var tables int
		if err := tx.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'`).Scan(&tables); err != nil {
			return err
		}
		var v string
		if tables == 1 {
			if err := tx.QueryRow(`SELECT value FROM meta WHERE key = 'schema'`).Scan(&v); err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		n, err := strconv.Atoi(v)
		switch {
		case v == "":
			return ErrNotProfile
		case err != nil || n < 1:
			return fmt.Errorf("layout %q: %w", v, ErrNotProfile)
		case n > schemaVersion:
			return fmt.Errorf("layout %d: %w", n, ErrNewerLayout)
		}
		if n == schemaVersion {
			layout = n
			return checkSchema(tx)
		}
		// An earlier layout has no trace of this one: a file with any has had its
		// number set back, to skip the checks this layout makes.
		if err := checkNoLaterTraces(tx); err != nil {
			return err
		}
		// Layout 2: drafts are kept unsigned, with this device's attestation.
		var attest int
		if err := tx.QueryRow(`SELECT count(*) FROM pragma_table_info('drafts') WHERE name = 'attest'`).Scan(&attest); err != nil {
			return err
		}
		if attest == 0 {
			if _, err := tx.Exec(`ALTER TABLE drafts ADD COLUMN attest BLOB`); err != nil {
				return err
			}
		}
		layout = max(n, 2)
		if layout == n {
			return nil
		}
		_, err = tx.Exec(`UPDATE meta SET value = ? WHERE key = 'schema'`, strconv.Itoa(layout))
		return err
	})
	return layout, err
}

// statements are the save path's statements, prepared once: a save is on the
// path of every keystroke that ends a form, and preparing costs as much as a
// small insert.
// Statements a save runs.
const (
	insertVersionSQL = `INSERT INTO versions (version_id, record_id, case_id, envelope, attest) VALUES (?, ?, ?, ?, ?)`
	putSummarySQL    = `INSERT INTO summaries (case_id, sealed) VALUES (?, ?)
		ON CONFLICT (case_id) DO UPDATE SET sealed = excluded.sealed`
	putDraftSQL = `INSERT INTO drafts (record_id, case_id, envelope, attest) VALUES (?, ?, ?, ?)
		ON CONFLICT (record_id) DO UPDATE SET case_id = excluded.case_id, envelope = excluded.envelope, attest = excluded.attest`
	deleteDraftSQL = `DELETE FROM drafts WHERE record_id = ?`
)

// direct runs a save's transaction on the database's one connection through
// the driver itself, with each statement prepared once on that connection.
//
// database/sql starts a goroutine for every transaction, to roll it back should
// its context end, and wakes it at the commit. On a save that cost about 16 µs
// of 75 under synchronous=NORMAL and more under FULL (pprof, and the save
// benchmark: docs/performance.md). A save has no context to end, so saves and
// drafts, which are written as a person works, go through direct; what is
// written at unlock, at a migration or from a pulled page goes through inTx.
type direct struct {
	mu    sync.Mutex
	on    *sqlite3.SQLiteConn // the connection stmts were prepared on
	stmts map[string]driver.Stmt
}

// tx runs fn in an immediate transaction on db's connection, committed only if
// fn returns nil.
func (d *direct) tx(db *sql.DB, fn func(execer) error) error {
	conn, err := db.Conn(context.Background())
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		c, ok := dc.(*sqlite3.SQLiteConn)
		if !ok {
			return fmt.Errorf("store: the database connection is a %T, not SQLite's", dc)
		}
		d.mu.Lock()
		defer d.mu.Unlock()
		if d.on != c {
			d.closeLocked()
			d.on, d.stmts = c, map[string]driver.Stmt{}
		}
		if _, err := c.Exec("BEGIN IMMEDIATE", nil); err != nil {
			return err
		}
		err := fn(directTx{d})
		if err == nil {
			_, err = c.Exec("COMMIT", nil)
		}
		if err != nil {
			c.Exec("ROLLBACK", nil) // nothing to undo when COMMIT itself ended the transaction
		}
		return err
	})
}

// close finalises the statements; it is called before the database closes.
func (d *direct) close(db *sql.DB) {
	conn, err := db.Conn(context.Background())
	if err != nil {
		return
	}
	defer conn.Close()
	conn.Raw(func(any) error {
		d.mu.Lock()
		defer d.mu.Unlock()
		d.closeLocked()
		return nil
	})
}

func (d *direct) closeLocked() {
	for _, st := range d.stmts {
		st.Close()
	}
	d.on, d.stmts = nil, nil
}

// directTx is the execer of a transaction direct holds.
type directTx struct{ d *direct }

func (t directTx) Exec(query string, args ...any) (sql.Result, error) {
	st, ok := t.d.stmts[query]
	if !ok {
		var err error
		if st, err = t.d.on.Prepare(query); err != nil {
			return nil, err
		}
		t.d.stmts[query] = st
	}
	named := make([]driver.NamedValue, len(args))
	for i, a := range args {
		v, err := driver.DefaultParameterConverter.ConvertValue(a)
		if err != nil {
			return nil, err
		}
		named[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return st.(driver.StmtExecContext).ExecContext(context.Background(), named)
}

// schemaShape describes a file's tables, indexes and triggers as SQLite reports
// them: what checkSchema compares with the layout this Homeward makes.
func schemaShape(q interface {
	Query(string, ...any) (*sql.Rows, error)
}) (string, error) {
	rows, err := q.Query(`SELECT m.type, m.name, m.tbl_name,
		CASE m.type WHEN 'trigger' THEN m.sql ELSE '' END,
		coalesce((SELECT group_concat(c.name || ' ' || c.type || ' ' || c."notnull" || ' ' || coalesce(c.dflt_value, '') || ' ' || c.pk, ', ')
			FROM pragma_table_info(m.name) c), ''),
		coalesce((SELECT group_concat(i.name, ', ') FROM pragma_index_info(m.name) i), ''),
		coalesce((SELECT t.wr FROM pragma_table_list(m.name) t), 0)
		FROM sqlite_master m ORDER BY m.type, m.name`)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var typ, name, tbl, trig, cols, idx string
		var wr int
		if err := rows.Scan(&typ, &name, &tbl, &trig, &cols, &idx, &wr); err != nil {
			return "", err
		}
		fmt.Fprintf(&b, "%s %s on %s (%s) [%s] wr=%d %s\n", typ, name, tbl, cols, idx, wr, trig)
	}
	return b.String(), rows.Err()
}

var (
	wantShapeOnce sync.Once
	wantShape     string
	wantShapeErr  error
)

// checkSchema refuses a file whose tables, indexes or triggers are not the
// ones schema makes: a trigger planted in the file could drop saves or freeze
// the wrong-passphrase count, and no check made here could see it.
func checkSchema(tx *sql.Tx) error {
	wantShapeOnce.Do(func() {
		mem, err := sql.Open("sqlite3", ":memory:")
		if err != nil {
			wantShapeErr = err
			return
		}
		defer mem.Close()
		mem.SetMaxOpenConns(1)
		if _, err := mem.Exec(schema); err != nil {
			wantShapeErr = err
			return
		}
		wantShape, wantShapeErr = schemaShape(mem)
	})
	if wantShapeErr != nil {
		return wantShapeErr
	}
	got, err := schemaShape(tx)
	if err != nil {
		return err
	}
	if got != wantShape {
		return fmt.Errorf("its tables were changed: %w", ErrDamagedProfile)
	}
	return nil
}

// checkNoLaterTraces refuses a file that says it is at an earlier layout but
// has something only a later one makes.
func checkNoLaterTraces(tx *sql.Tx) error {
	var traces int
	err := tx.QueryRow(`SELECT
		(SELECT count(*) FROM sqlite_master WHERE type IN ('trigger', 'view') OR name = 'summaries') +
		(SELECT count(*) FROM pragma_table_info('devices') WHERE name = 'vouch') +
		(SELECT count(*) FROM pragma_table_info('case_keys') WHERE name = 'vouch') +
		(SELECT count(*) FROM meta WHERE key IN ('identity_sig', 'notes')) +
		(SELECT count(*) FROM case_keys WHERE substr(wrapped, 1, 4) != x'48574b01')`).Scan(&traces)
	if err != nil {
		return err
	}
	if traces > 0 {
		return fmt.Errorf("an earlier layout with traces of a later one: %w", ErrDamagedProfile)
	}
	return nil
}

// Package sqldb is the one SQL implementation of server.Backend. The SQLite
// and PostgreSQL backends are this code with a Dialect each: the rules of who
// may see what are written once, here, in SQL.
package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"homeward/sync/protocol"
	"homeward/sync/server"
)

// Dialect is what differs between the databases.
type Dialect struct {
	// Schema creates the tables if they are missing.
	Schema string
	// Numbered placeholders ($1, $2) instead of ?.
	Numbered bool
	// LockWrites runs first in every transaction that adds changes, and holds
	// until it ends, so that sequence numbers are handed out and committed in
	// the same order. Empty where the database has one writer at a time.
	LockWrites string
}

// DB is a server.Backend on a database/sql handle.
type DB struct {
	db *sql.DB
	d  Dialect
	// writing admits one of this process's writing transactions at a time,
	// before it takes a connection: waiting for the database's write lock
	// instead would hold one of the pool's connections for all of the wait, and
	// with many devices pushing at once the pulls found none free.
	writing chan struct{}
}

var _ server.Backend = (*DB)(nil)

// Open wraps db, creating the tables it needs in one transaction that holds
// the write lock, so that two server processes starting at once do not race.
func Open(ctx context.Context, db *sql.DB, d Dialect) (*DB, error) {
	s := &DB{db: db, d: d, writing: make(chan struct{}, 1)}
	err := s.inTx(ctx, nil, true, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, d.Schema)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("create tables: %w", err)
	}
	return s, nil
}

// Close closes the database.
func (s *DB) Close() error { return s.db.Close() }

// q rewrites ? placeholders as $1, $2 for dialects that number them.
func (s *DB) q(query string) string {
	if !s.d.Numbered {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.UnixMilli(v.Int64).UTC()
}

func (s *DB) inTx(ctx context.Context, opts *sql.TxOptions, lock bool, fn func(*sql.Tx) error) error {
	if lock {
		select {
		case s.writing <- struct{}{}:
			defer func() { <-s.writing }()
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	tx, err := s.db.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	if lock && s.d.LockWrites != "" {
		if _, err := tx.ExecContext(ctx, s.d.LockWrites); err != nil {
			tx.Rollback()
			return err
		}
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Init creates the organisation.
func (s *DB) Init(ctx context.Context, o server.Org) error {
	res, err := s.db.ExecContext(ctx, s.q(`INSERT INTO org (id, name, recovery_box, recovery_sign, token_key) VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`),
		o.Name, o.RecoveryBox, o.RecoverySign, o.TokenKey)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return server.ErrExists
	}
	return nil
}

// Org returns the organisation.
func (s *DB) Org(ctx context.Context) (server.Org, error) { return s.orgIn(ctx, s.db) }

func (s *DB) orgIn(ctx context.Context, q querier) (server.Org, error) {
	var o server.Org
	err := q.QueryRowContext(ctx, `SELECT name, recovery_box, recovery_sign, token_key FROM org WHERE id = 1`).Scan(&o.Name, &o.RecoveryBox, &o.RecoverySign, &o.TokenKey)
	if errors.Is(err, sql.ErrNoRows) {
		return o, server.ErrNoOrg
	}
	return o, err
}

// AddUser adds or updates a user.
func (s *DB) AddUser(ctx context.Context, u server.User) error {
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO users (user_id, name, role, team) VALUES (?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET name = excluded.name, role = excluded.role, team = excluded.team`), u.ID, u.Name, u.Role, u.Team)
	return err
}

// User returns one user.
func (s *DB) User(ctx context.Context, id string) (server.User, error) {
	return s.userIn(ctx, s.db, id)
}

func (s *DB) userIn(ctx context.Context, q querier, id string) (server.User, error) {
	u := server.User{ID: id}
	err := q.QueryRowContext(ctx, s.q(`SELECT name, role, team FROM users WHERE user_id = ?`), id).Scan(&u.Name, &u.Role, &u.Team)
	if errors.Is(err, sql.ErrNoRows) {
		return u, server.ErrNoUser
	}
	return u, err
}

// Users lists every user by name.
func (s *DB) Users(ctx context.Context) ([]server.User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT user_id, name, role, team FROM users ORDER BY name, user_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []server.User
	for rows.Next() {
		var u server.User
		if err := rows.Scan(&u.ID, &u.Name, &u.Role, &u.Team); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// AddEnrolment keeps a one-time code.
func (s *DB) AddEnrolment(ctx context.Context, e server.Enrolment) error {
	if _, err := s.User(ctx, e.User.ID); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO enrolments (secret_hash, user_id, expires_at) VALUES (?, ?, ?)`),
		e.SecretHash, e.User.ID, ms(e.Expires))
	return err
}

// Enrol spends a code on a device.
func (s *DB) Enrol(ctx context.Context, secretHash []byte, d server.Device, now time.Time) (server.User, error) {
	var u server.User
	err := s.inTx(ctx, nil, true, func(tx *sql.Tx) error {
		var expires int64
		var used sql.NullInt64
		err := tx.QueryRowContext(ctx, s.q(`SELECT user_id, expires_at, used_at FROM enrolments WHERE secret_hash = ?`), secretHash).Scan(&u.ID, &expires, &used)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return server.ErrBadCode
		case err != nil:
			return err
		case used.Valid:
			return server.ErrUsedCode
		case ms(now) > expires:
			return server.ErrBadCode
		}
		res, err := tx.ExecContext(ctx, s.q(`UPDATE enrolments SET used_at = ?, device_id = ? WHERE secret_hash = ? AND used_at IS NULL`), ms(now), d.ID, secretHash)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return server.ErrUsedCode
		}
		if err := tx.QueryRowContext(ctx, s.q(`SELECT name, role, team FROM users WHERE user_id = ?`), u.ID).Scan(&u.Name, &u.Role, &u.Team); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO devices (device_id, user_id, box_pub, sign_pub, enrolled_at) VALUES (?, ?, ?, ?, ?)`),
			d.ID, u.ID, d.BoxPub, d.SignPub, ms(now)); err != nil {
			return fmt.Errorf("the device is enrolled already: %w", err)
		}
		m, _ := json.Marshal(protocol.Member{DeviceID: d.ID, UserID: u.ID, Role: u.Role, BoxPub: d.BoxPub, SignPub: d.SignPub}) // plain fields always encode
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO changes (kind, item_id, data) VALUES (?, ?, ?)`), int(protocol.KindDevice), d.ID, m); err != nil {
			return err
		}
		cases, err := s.casesOf(ctx, tx, u)
		if err != nil {
			return err
		}
		return s.membersChanged(ctx, tx, false, cases...)
	})
	return u, err
}

func scanDevice(scan func(...any) error) (server.Device, error) {
	var d server.Device
	var enrolled int64
	var revoked sql.NullInt64
	err := scan(&d.ID, &d.UserID, &d.BoxPub, &d.SignPub, &enrolled, &revoked)
	d.Enrolled, d.Revoked = time.UnixMilli(enrolled).UTC(), fromMS(revoked)
	return d, err
}

const deviceCols = `device_id, user_id, box_pub, sign_pub, enrolled_at, revoked_at`

// Device returns one device.
func (s *DB) Device(ctx context.Context, id string) (server.Device, error) {
	d, err := scanDevice(s.db.QueryRowContext(ctx, s.q(`SELECT `+deviceCols+` FROM devices WHERE device_id = ?`), id).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return d, server.ErrNoDevice
	}
	return d, err
}

// Devices lists every device.
func (s *DB) Devices(ctx context.Context) ([]server.Device, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+deviceCols+` FROM devices ORDER BY user_id, enrolled_at`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []server.Device
	for rows.Next() {
		d, err := scanDevice(rows.Scan)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Revoke marks a device revoked; its user's cases need a new epoch.
func (s *DB) Revoke(ctx context.Context, deviceID string, at time.Time) error {
	return s.inTx(ctx, nil, true, func(tx *sql.Tx) error {
		d, err := scanDevice(tx.QueryRowContext(ctx, s.q(`SELECT `+deviceCols+` FROM devices WHERE device_id = ?`), deviceID).Scan)
		if errors.Is(err, sql.ErrNoRows) {
			return server.ErrNoDevice
		}
		if err != nil || !d.Revoked.IsZero() {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE devices SET revoked_at = ? WHERE device_id = ?`), ms(at), deviceID); err != nil {
			return err
		}
		u, err := s.userIn(ctx, tx, d.UserID)
		if err != nil {
			return err
		}
		cases, err := s.casesOf(ctx, tx, u)
		if err != nil {
			return err
		}
		return s.membersChanged(ctx, tx, true, cases...)
	})
}

// Assign adds a practitioner to a case.
func (s *DB) Assign(ctx context.Context, caseID, userID string) error {
	u, err := s.User(ctx, userID)
	if err != nil {
		return err
	}
	return s.inTx(ctx, nil, true, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO cases (case_id, team) VALUES (?, ?) ON CONFLICT (case_id) DO NOTHING`), caseID, u.Team); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, s.q(`INSERT INTO assignments (case_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING`), caseID, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return s.membersChanged(ctx, tx, false, caseID)
	})
}

// Unassign takes a practitioner off a case, which needs a new epoch.
func (s *DB) Unassign(ctx context.Context, caseID, userID string) error {
	return s.inTx(ctx, nil, true, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`DELETE FROM assignments WHERE case_id = ? AND user_id = ?`), caseID, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return server.ErrNoCase
		}
		return s.membersChanged(ctx, tx, true, caseID)
	})
}

// MoveCase moves a case to another team, which needs a new epoch: the old
// team's supervisors are off it.
func (s *DB) MoveCase(ctx context.Context, caseID, team string) error {
	return s.inTx(ctx, nil, true, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE cases SET team = ? WHERE case_id = ?`), team, caseID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return server.ErrNoCase
		}
		return s.membersChanged(ctx, tx, true, caseID)
	})
}

// casesOf lists the cases u may read.
func (s *DB) casesOf(ctx context.Context, tx *sql.Tx, u server.User) ([]string, error) {
	var query string
	switch u.Role {
	case protocol.RolePractitioner:
		query = `SELECT case_id FROM assignments WHERE user_id = ? ORDER BY case_id`
	case protocol.RoleSupervisor:
		query = `SELECT case_id FROM cases WHERE team = ? ORDER BY case_id`
	default:
		return nil, nil
	}
	arg := u.ID
	if u.Role == protocol.RoleSupervisor {
		arg = u.Team
	}
	rows, err := tx.QueryContext(ctx, s.q(query), arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// membersChanged adds, in a transaction that holds the write lock, a
// KindCase change for each case: its members and recovery key as they are
// now, and the epoch its new keys need. When someone was taken off the cases
// (removed), that epoch becomes one above every epoch made for each so far
// (epoch 1, made with the case on its first device, when none was shared).
func (s *DB) membersChanged(ctx context.Context, tx *sql.Tx, removed bool, caseIDs ...string) error {
	if len(caseIDs) == 0 {
		return nil
	}
	o, err := s.orgIn(ctx, tx)
	if err != nil {
		return err
	}
	for _, id := range caseIDs {
		if removed {
			var top sql.NullInt64
			if err := tx.QueryRowContext(ctx, s.q(`SELECT max(epoch) FROM epochs WHERE case_id = ?`), id).Scan(&top); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO rekeys (case_id, epoch) VALUES (?, ?)
				ON CONFLICT (case_id) DO UPDATE SET epoch = excluded.epoch WHERE rekeys.epoch < excluded.epoch`), id, max(top.Int64, 1)+1); err != nil {
				return err
			}
		}
		ms, err := s.membersIn(ctx, tx, id)
		if err != nil {
			return err
		}
		epoch, err := s.epochIn(ctx, tx, id)
		if err != nil {
			return err
		}
		b, _ := json.Marshal(protocol.MembersResponse{CaseID: id, Members: ms, Recovery: server.Recovery(o), Epoch: epoch}) // plain fields always encode
		if _, err := s.addChange(ctx, tx, protocol.KindCase, uuid.NewString(), id, nil, "", b); err != nil {
			return err
		}
	}
	return nil
}

// Epoch returns the epoch a case's new versions need.
func (s *DB) Epoch(ctx context.Context, caseID string) (uint32, error) {
	return s.epochIn(ctx, s.db, caseID)
}

func (s *DB) epochIn(ctx context.Context, q querier, caseID string) (uint32, error) {
	var epoch int64
	err := q.QueryRowContext(ctx, s.q(`SELECT epoch FROM rekeys WHERE case_id = ?`), caseID).Scan(&epoch)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return uint32(epoch), err
}

// Case returns one case.
func (s *DB) Case(ctx context.Context, caseID string) (server.Case, error) {
	return s.caseIn(ctx, s.db, caseID)
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func (s *DB) caseIn(ctx context.Context, q querier, caseID string) (server.Case, error) {
	c := server.Case{ID: caseID}
	err := q.QueryRowContext(ctx, s.q(`SELECT team FROM cases WHERE case_id = ?`), caseID).Scan(&c.Team)
	if errors.Is(err, sql.ErrNoRows) {
		return c, server.ErrNoCase
	}
	if err != nil {
		return c, err
	}
	rows, err := q.QueryContext(ctx, s.q(`SELECT user_id FROM assignments WHERE case_id = ? ORDER BY user_id`), caseID)
	if err != nil {
		return c, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return c, err
		}
		c.Assigned = append(c.Assigned, id)
	}
	return c, rows.Err()
}

// SetTeam records the settings of u's team as a change for its members.
func (s *DB) SetTeam(ctx context.Context, u server.User, t protocol.TeamSettings) error {
	t.Team = u.Team
	b, _ := json.Marshal(t) // plain fields always encode
	return s.inTx(ctx, nil, true, func(tx *sql.Tx) error {
		_, err := s.addChange(ctx, tx, protocol.KindTeam, u.Team+"/"+uuid.NewString(), "", u.Team, "", b)
		return err
	})
}

// PutVersions stores pushed versions.
func (s *DB) PutVersions(ctx context.Context, u server.User, vs []server.Version) ([]protocol.ItemResult, error) {
	out := make([]protocol.ItemResult, len(vs))
	err := s.inTx(ctx, nil, true, func(tx *sql.Tx) error {
		cases := map[string]server.Case{}
		needs := map[string]uint32{} // case -> the epoch its new versions need
		for i, v := range vs {
			out[i] = protocol.ItemResult{ID: v.ID}
			c, ok := cases[v.CaseID]
			if !ok {
				var err error
				c, err = s.caseIn(ctx, tx, v.CaseID)
				if errors.Is(err, server.ErrNoCase) && u.Role == protocol.RolePractitioner {
					c = server.Case{ID: v.CaseID, Team: u.Team, Assigned: []string{u.ID}}
					if _, err = tx.ExecContext(ctx, s.q(`INSERT INTO cases (case_id, team) VALUES (?, ?)`), c.ID, c.Team); err == nil {
						_, err = tx.ExecContext(ctx, s.q(`INSERT INTO assignments (case_id, user_id) VALUES (?, ?)`), c.ID, u.ID)
					}
				}
				if err != nil && !errors.Is(err, server.ErrNoCase) {
					return err
				}
				cases[v.CaseID] = c
			}
			if !server.CanRead(u, c) {
				out[i].Status, out[i].Reason = protocol.Rejected, "You are not assigned to this child's case: ask your supervisor to assign you, then sync again."
				continue
			}
			need, ok := needs[v.CaseID]
			if !ok {
				var err error
				if need, err = s.epochIn(ctx, tx, v.CaseID); err != nil {
					return err
				}
				needs[v.CaseID] = need
			}
			if v.Epoch < need {
				var one int
				switch err := tx.QueryRowContext(ctx, s.q(`SELECT 1 FROM changes WHERE kind = ? AND item_id = ?`), int(protocol.KindVersion), v.ID).Scan(&one); {
				case err == nil:
					out[i].Status = protocol.Duplicate // taken before the removal; sent again after a cut
					continue
				case !errors.Is(err, sql.ErrNoRows):
					return err
				}
				out[i].Status, out[i].Reason = protocol.Stale, "Sealed with the case's key from before someone was taken off it: the device seals it again with the new key and sends it at the next sync."
				continue
			}
			var err error
			if out[i].Status, err = s.addChange(ctx, tx, protocol.KindVersion, v.ID, v.CaseID, nil, v.Author, v.Envelope); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// PutWraps stores case-key wraps.
func (s *DB) PutWraps(ctx context.Context, u server.User, ws []server.Wrap) ([]protocol.ItemResult, error) {
	out := make([]protocol.ItemResult, len(ws))
	err := s.inTx(ctx, nil, true, func(tx *sql.Tx) error {
		o, err := s.orgIn(ctx, tx)
		if err != nil {
			return err
		}
		members := map[string]map[string]bool{} // case -> the devices its keys may be wrapped to
		for i, w := range ws {
			out[i] = protocol.ItemResult{ID: w.ID}
			c, err := s.caseIn(ctx, tx, w.CaseID)
			if err != nil && !errors.Is(err, server.ErrNoCase) {
				return err
			}
			if !server.CanRead(u, c) {
				out[i].Status, out[i].Reason = protocol.Rejected, "You may not share keys for this child's case."
				continue
			}
			to, ok := members[w.CaseID]
			if !ok {
				ms, err := s.membersIn(ctx, tx, w.CaseID)
				if err != nil {
					return err
				}
				to = map[string]bool{server.Recovery(o).DeviceID: true}
				for _, m := range ms {
					to[m.DeviceID] = true
				}
				members[w.CaseID] = to
			}
			if !to[w.Recipient] {
				out[i].Status, out[i].Reason = protocol.Rejected, "This key is for a device that is not a member of this child's case: it was not shared."
				continue
			}
			if ok, err := s.mayWrap(ctx, tx, w); err != nil {
				return err
			} else if !ok {
				out[i].Status, out[i].Reason = protocol.Rejected, "Another device made this key of this child's case first: sync again to be sent it."
				continue
			}
			if out[i].Status, err = s.addChange(ctx, tx, protocol.KindWrap, w.ID, w.CaseID, w.Recipient, w.Signer, w.Data); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// mayWrap says whether w's signer may share that epoch's key of the case:
// the device that made it, one that was sent it, or, when no device has
// shared it yet, the first, which is recorded as its maker.
func (s *DB) mayWrap(ctx context.Context, tx *sql.Tx, w server.Wrap) (bool, error) {
	var signer string
	err := tx.QueryRowContext(ctx, s.q(`SELECT signer FROM epochs WHERE case_id = ? AND epoch = ?`), w.CaseID, int64(w.Epoch)).Scan(&signer)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO epochs (case_id, epoch, signer) VALUES (?, ?, ?)`), w.CaseID, int64(w.Epoch), w.Signer)
		return err == nil, err
	case err != nil:
		return false, err
	case signer == w.Signer:
		return true, nil
	}
	var one int
	err = tx.QueryRowContext(ctx, s.q(`SELECT 1 FROM changes WHERE kind = ? AND item_id = ?`), int(protocol.KindWrap), server.WrapID(w.CaseID, w.Epoch, w.Signer)).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// addChange adds one change in a transaction that holds the write lock, and
// says whether it was new (accepted) or held already (duplicate).
func (s *DB) addChange(ctx context.Context, tx *sql.Tx, kind byte, id, caseID string, recipient any, author string, data []byte) (string, error) {
	res, err := tx.ExecContext(ctx, s.q(`INSERT INTO changes (kind, item_id, case_id, recipient, author, data) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kind, item_id) DO NOTHING`),
		int(kind), id, caseID, recipient, author, data)
	if err != nil {
		return "", err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return protocol.Duplicate, nil
	}
	return protocol.Accepted, nil
}

// visible is the one statement of who may see a change, matching
// server.CanRead: versions and membership changes of the cases assigned to a
// practitioner or in a supervisor's team, wraps to one of the user's devices,
// every device, and the settings of the user's team.
const visible = `(
	(c.kind IN (1, 4) AND (
		(? = 'practitioner' AND EXISTS (SELECT 1 FROM assignments a WHERE a.case_id = c.case_id AND a.user_id = ?))
		OR (? = 'supervisor' AND EXISTS (SELECT 1 FROM cases k WHERE k.case_id = c.case_id AND k.team = ?))))
	OR (c.kind = 2 AND EXISTS (SELECT 1 FROM devices d WHERE d.device_id = c.recipient AND d.user_id = ?))
	OR c.kind = 3
	OR (c.kind = 5 AND c.recipient = ?))`

// Pull returns the changes after cursor that u may see. It is one statement,
// so the highest sequence number it takes as the next cursor and the rows it
// returns are read from one snapshot: a change it does not return is above
// that number, and the next pull asks for it.
func (s *DB) Pull(ctx context.Context, u server.User, cursor int64, limit int) (protocol.Pulled, error) {
	var p protocol.Pulled
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT t.top, c.seq, c.kind, c.data FROM (SELECT coalesce(max(seq), 0) AS top FROM changes) t
		LEFT JOIN changes c ON c.seq > ? AND c.seq <= t.top AND `+visible+` ORDER BY c.seq LIMIT ?`),
		cursor, u.Role, u.ID, u.Role, u.Team, u.ID, u.Team, limit+1)
	if err != nil {
		return p, err
	}
	defer rows.Close()
	top := int64(0)
	for rows.Next() {
		var seq sql.NullInt64
		var kind sql.NullInt64
		var data []byte
		if err := rows.Scan(&top, &seq, &kind, &data); err != nil {
			return p, err
		}
		if seq.Valid {
			p.Changes = append(p.Changes, protocol.Change{Seq: seq.Int64, Kind: byte(kind.Int64), Data: data})
		}
	}
	if err := rows.Err(); err != nil {
		return p, err
	}
	p.Next = max(top, cursor)
	if len(p.Changes) > limit {
		p.Changes, p.More = p.Changes[:limit], true
		p.Next = p.Changes[limit-1].Seq
	}
	return p, nil
}

// Waiting counts the versions after cursor that u may see.
func (s *DB) Waiting(ctx context.Context, u server.User, cursor int64) (int64, error) {
	var n int64
	err := s.db.QueryRowContext(ctx, s.q(`SELECT count(*) FROM changes c WHERE c.seq > ? AND c.kind = 1 AND `+visible),
		cursor, u.Role, u.ID, u.Role, u.Team, u.ID, u.Team).Scan(&n)
	return n, err
}

// Members returns the devices a case key must be wrapped to.
func (s *DB) Members(ctx context.Context, caseID string) ([]protocol.Member, error) {
	return s.membersIn(ctx, s.db, caseID)
}

func (s *DB) membersIn(ctx context.Context, q querier, caseID string) ([]protocol.Member, error) {
	rows, err := q.QueryContext(ctx, s.q(`SELECT d.device_id, d.user_id, d.box_pub, d.sign_pub FROM devices d JOIN users u ON u.user_id = d.user_id
		WHERE d.revoked_at IS NULL AND (
			(u.role = 'practitioner' AND EXISTS (SELECT 1 FROM assignments a WHERE a.case_id = ? AND a.user_id = u.user_id))
			OR (u.role = 'supervisor' AND EXISTS (SELECT 1 FROM cases k WHERE k.case_id = ? AND k.team = u.team)))
		ORDER BY d.device_id`), caseID, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []protocol.Member
	for rows.Next() {
		var m protocol.Member
		if err := rows.Scan(&m.DeviceID, &m.UserID, &m.BoxPub, &m.SignPub); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

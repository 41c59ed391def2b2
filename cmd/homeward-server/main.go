// Command homeward-server is Homeward's central store: it keeps and forwards
// sealed versions it cannot read. Its data lives in an embedded SQLite file
// in a data folder, or in PostgreSQL with --postgres.
//
//	homeward-server init        --name NAME --recovery-file FILE
//	homeward-server serve       [--addr 127.0.0.1:8443] [--cert FILE --key FILE]
//	homeward-server enrol       --name NAME --role ROLE --team TEAM [--addr HOST:PORT] [--png FILE]
//	homeward-server users | devices
//	homeward-server revoke      DEVICE
//	homeward-server assign      CASE USER
//	homeward-server unassign    CASE USER
//	homeward-server move-case   CASE TEAM
//
// Every subcommand takes --data DIR (default ./homeward-data) or --postgres DSN.
package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/google/uuid"
	qrcode "github.com/skip2/go-qrcode"

	"homeward/sync/protocol"
	"homeward/sync/server"
	"homeward/sync/server/postgres"
	"homeward/sync/server/sqlite"
	"homeward/vault"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "homeward-server:", err)
		os.Exit(1)
	}
}

const usage = `usage: homeward-server COMMAND [flags]

  init       create the organisation and write its recovery key to a file
  serve      serve the sync protocol over HTTPS (TLS 1.3)
  enrol      make a one-time enrolment code for a person
  users      list users
  devices    list devices
  revoke     revoke a device: DEVICE
  assign     assign a practitioner to a case: CASE USER
  unassign   take a practitioner off a case: CASE USER
  move-case  move a case to another team: CASE TEAM

Every command takes --data DIR (default ./homeward-data) or --postgres DSN.`

// store is where a command's data is: the backend, and the folder that holds
// the server's certificate.
type store struct {
	b   server.Backend
	dir string
}

func openStore(ctx context.Context, data, dsn string) (store, error) {
	var b server.Backend
	var err error
	if dsn != "" {
		b, err = postgres.Open(ctx, dsn)
	} else {
		b, err = sqlite.Open(ctx, data)
	}
	if err != nil {
		return store{}, fmt.Errorf("open the store: %w", err)
	}
	return store{b: b, dir: data}, nil
}

func run(ctx context.Context, args []string, stdin io.Reader, out io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(out, usage)
		return nil
	}
	cmd, args := args[0], args[1:]
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(out)
	data := fs.String("data", "homeward-data", "the data folder: the SQLite store and the certificate")
	dsn := fs.String("postgres", "", "a PostgreSQL DSN: keep the data there instead of in --data")
	var (
		name, recovery, role, team, addr, png, cert, key *string
	)
	switch cmd {
	case "init":
		name = fs.String("name", "", "the organisation's name")
		recovery = fs.String("recovery-file", "", "where to write the recovery key (a new file), for offline keeping")
	case "serve":
		addr = fs.String("addr", "127.0.0.1:8443", "the address to listen on")
		cert = fs.String("cert", "", "a TLS certificate (PEM); without it, one made on first run is kept in --data")
		key = fs.String("key", "", "the certificate's private key (PEM)")
	case "enrol":
		name = fs.String("name", "", "the person's name")
		role = fs.String("role", protocol.RolePractitioner, "practitioner, supervisor or admin")
		team = fs.String("team", "", "the person's team")
		addr = fs.String("addr", "127.0.0.1:8443", "the address devices reach the server at")
		png = fs.String("png", "", "also write the code as a QR code to this PNG file")
	case "users", "devices", "revoke", "assign", "unassign", "move-case":
	default:
		return fmt.Errorf("%q is not a command\n\n%s", cmd, usage)
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if _, err := os.Stat(*data); cmd != "init" && *dsn == "" && errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("there is no data folder at %s: create the organisation first with homeward-server init --data %s, or give the folder it is in with --data", *data, *data)
	}
	s, err := openStore(ctx, *data, *dsn)
	if err != nil {
		return err
	}
	defer s.b.Close()
	if _, err := s.b.Org(ctx); cmd != "init" && err != nil {
		if errors.Is(err, server.ErrNoOrg) {
			return errors.New("there is no organisation here yet: create it first with homeward-server init")
		}
		return err
	}
	rest := fs.Args()
	need := func(n int, what string) error {
		if len(rest) != n {
			return fmt.Errorf("%s needs %s", cmd, what)
		}
		return nil
	}
	switch cmd {
	case "init":
		return initOrg(ctx, s, *name, *recovery, stdin, out)
	case "serve":
		return serve(ctx, s, *addr, *cert, *key, out)
	case "enrol":
		return enrol(ctx, s, *name, *role, *team, *addr, *png, out)
	case "users":
		users, err := s.b.Users(ctx)
		for _, u := range users {
			fmt.Fprintf(out, "%s\t%s\t%s\t%s\n", u.ID, u.Name, u.Role, u.Team)
		}
		return err
	case "devices":
		ds, err := s.b.Devices(ctx)
		for _, d := range ds {
			state := "active"
			if !d.Revoked.IsZero() {
				state = "revoked " + d.Revoked.Format(time.DateTime)
			}
			fmt.Fprintf(out, "%s\t%s\tenrolled %s\t%s\n", d.ID, d.UserID, d.Enrolled.Format(time.DateTime), state)
		}
		return err
	case "revoke":
		if err := need(1, "the device's ID (see devices)"); err != nil {
			return err
		}
		return s.b.Revoke(ctx, rest[0], time.Now())
	case "assign":
		if err := need(2, "a case ID and a user ID (see users)"); err != nil {
			return err
		}
		return s.b.Assign(ctx, rest[0], rest[1])
	case "unassign":
		if err := need(2, "a case ID and a user ID (see users)"); err != nil {
			return err
		}
		return s.b.Unassign(ctx, rest[0], rest[1])
	default: // move-case
		if err := need(2, "a case ID and a team"); err != nil {
			return err
		}
		return s.b.MoveCase(ctx, rest[0], rest[1])
	}
}

// initOrg creates the organisation. The recovery key's private half is written
// once, locked under a passphrase, to a new file; only the public half stays.
func initOrg(ctx context.Context, s store, name, file string, stdin io.Reader, out io.Writer) error {
	if strings.TrimSpace(name) == "" || file == "" {
		return errors.New("init needs --name and --recovery-file")
	}
	if _, err := s.b.Org(ctx); err == nil {
		return server.ErrExists
	}
	pass := os.Getenv("HOMEWARD_RECOVERY_PASSPHRASE")
	if pass == "" {
		fmt.Fprint(out, "A passphrase for the recovery key (at least 12 characters), kept apart from the file: ")
		line, _ := bufio.NewReader(stdin).ReadString('\n')
		pass = strings.TrimSpace(line)
	}
	if len(pass) < 12 {
		return errors.New("the recovery passphrase must be at least 12 characters")
	}
	id, err := vault.NewIdentity()
	if err != nil {
		return err
	}
	defer id.Wipe()
	kdf, err := vault.Calibrate(time.Second)
	if err != nil {
		return err
	}
	locked, err := vault.Lock(id, []byte(pass), kdf)
	if err != nil {
		return err
	}
	b, err := locked.MarshalBinary()
	if err != nil {
		return err
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("write the recovery key (the file must not exist yet): %w", err)
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	token := make([]byte, 32)
	rand.Read(token)
	pub := id.Public()
	if err := s.b.Init(ctx, server.Org{Name: name, RecoveryBox: pub.Box[:], RecoverySign: pub.Sign, TokenKey: token}); err != nil {
		os.Remove(file)
		return err
	}
	fmt.Fprintf(out, "\nCreated %s. The recovery key is in %s: keep it offline, away from this server, with its passphrase kept apart.\n", name, file)
	return nil
}

func enrol(ctx context.Context, s store, name, role, team, addr, png string, out io.Writer) error {
	if strings.TrimSpace(name) == "" || strings.TrimSpace(team) == "" {
		return errors.New("enrol needs --name and --team")
	}
	if !protocol.ValidRole(role) {
		return fmt.Errorf("the role %q is not practitioner, supervisor or admin", role)
	}
	cert, err := loadOrMakeCert(s.dir, "", "", io.Discard)
	if err != nil {
		return err
	}
	c, err := protocol.NewCode(addr, cert.Certificate[0])
	if err != nil {
		return err
	}
	u := server.User{ID: uuid.Must(uuid.NewV7()).String(), Name: strings.TrimSpace(name), Role: role, Team: strings.TrimSpace(team)}
	if err := s.b.AddUser(ctx, u); err != nil {
		return err
	}
	expires := time.Now().Add(7 * 24 * time.Hour)
	if err := s.b.AddEnrolment(ctx, server.Enrolment{SecretHash: protocol.SecretHash(c.Secret[:]), User: u, Expires: expires}); err != nil {
		return err
	}
	q, err := qrcode.New(c.String(), qrcode.Medium)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Enrolment code for %s (%s, %s), usable once until %s:\n\n    %s\n\n%s\n", u.Name, u.Role, u.Team, expires.Format(time.DateTime), c, q.ToSmallString(false))
	if png != "" {
		if err := q.WriteFile(512, png); err != nil {
			return err
		}
		fmt.Fprintf(out, "The QR code is also in %s.\n", png)
	}
	return nil
}

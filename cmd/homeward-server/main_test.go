package main

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"homeward/sync/client"
	"homeward/sync/protocol"
	"homeward/vault"
)

// syncBuffer is an output the server writes to while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	var out bytes.Buffer
	if err := run(context.Background(), args, strings.NewReader(""), &out); err != nil {
		t.Fatalf("%s: %v", args[0], err)
	}
	return out.String()
}

var codeLine = regexp.MustCompile(`(?m)^    ([0-9A-Z-]+)$`)

// TestEnrolAndSyncThroughTheCommand runs the commands an admin runs, serves
// on a loopback port, and enrols, pushes and pulls through the client over
// TLS 1.3 pinned by the code.
func TestEnrolAndSyncThroughTheCommand(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	t.Setenv("HOMEWARD_RECOVERY_PASSPHRASE", "a long made-up recovery phrase")
	mustRun(t, "init", "--data", data, "--name", "Test Borough", "--recovery-file", filepath.Join(dir, "recovery.key"))
	if err := run(context.Background(), []string{"init", "--data", data, "--name", "Again", "--recovery-file", filepath.Join(dir, "again.key")}, strings.NewReader(""), &bytes.Buffer{}); err == nil {
		t.Fatal("a second init was taken")
	}
	png := filepath.Join(dir, "ann.png")
	out := mustRun(t, "enrol", "--data", data, "--name", "Ann Worker", "--team", "North", "--png", png)
	m := codeLine.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no code in %q", out)
	}
	code, err := protocol.ParseCode(m[1])
	if err != nil {
		t.Fatal(err)
	}
	if users := mustRun(t, "users", "--data", data); !strings.Contains(users, "Ann Worker\tpractitioner\tNorth") {
		t.Fatalf("users: %q", users)
	}

	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	log := &syncBuffer{}
	go func() {
		served <- run(ctx, []string{"serve", "--data", data, "--addr", "127.0.0.1:0"}, strings.NewReader(""), log)
	}()
	addrLine := regexp.MustCompile(`Serving on https://(\S+)`)
	var addr string
	for deadline := time.Now().Add(10 * time.Second); addr == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if m := addrLine.FindStringSubmatch(log.String()); m != nil {
			addr = m[1]
		}
	}
	if addr == "" {
		t.Fatalf("the server did not start: %q", log.String())
	}
	defer func() {
		cancel()
		if err := <-served; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()

	wrong := code
	wrong.Fingerprint[0] ^= 1
	other, _ := vault.NewIdentity()
	if _, err := client.DialAddr(addr, wrong, other).Enrol(ctx, wrong); !errors.Is(err, client.ErrNotPinned) {
		t.Fatalf("a server whose certificate the code does not name: %v", err)
	}

	id, _ := vault.NewIdentity()
	c := client.DialAddr(addr, code, id)
	defer c.Close()
	who, err := c.Enrol(ctx, code)
	if err != nil || who.Name != "Ann Worker" || who.Role != protocol.RolePractitioner || who.Team != "North" {
		t.Fatalf("%+v %v", who, err)
	}
	var used *client.Error
	if _, err := client.DialAddr(addr, code, other).Enrol(ctx, code); !errors.As(err, &used) || used.Status != http.StatusConflict || !strings.Contains(used.Body.Message, "used") {
		t.Fatalf("a used code: %v", err)
	}
	ck, _ := vault.NewCaseKey("case-1", 1)
	e, err := vault.Seal(vault.Header{VersionID: vault.NewVersionID(), RecordID: "rec-1", CaseID: "case-1", KeyEpoch: 1, Schema: 1}, []byte("made-up words"), ck, id)
	if err != nil {
		t.Fatal(err)
	}
	env, _ := e.MarshalBinary()
	res, err := c.Push(ctx, [][]byte{env})
	if err != nil || res[0].Status != protocol.Accepted {
		t.Fatalf("%+v %v", res, err)
	}
	p, err := c.Pull(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	got := 0
	for _, ch := range p.Changes {
		if ch.Kind == protocol.KindVersion && bytes.Equal(ch.Data, env) {
			got++
		}
	}
	if got != 1 {
		t.Fatalf("pulled %d copies of the pushed version", got)
	}
	if devices := mustRun(t, "devices", "--data", data); !strings.Contains(devices, id.DeviceID()) || !strings.Contains(devices, "active") {
		t.Fatalf("devices: %q", devices)
	}
	mustRun(t, "revoke", "--data", data, id.DeviceID())
	var revoked *client.Error
	if _, err := client.DialAddr(addr, code, id).Pull(ctx, 0, 10); !errors.As(err, &revoked) || revoked.Status != http.StatusForbidden {
		t.Fatalf("a revoked device pulled: %v", err)
	}
}

// TestCommandsNeedTheOrganisation checks that a command other than init on a
// folder with no organisation says to run init, and makes no code and no
// folder.
func TestCommandsNeedTheOrganisation(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing")
	var out bytes.Buffer
	err := run(context.Background(), []string{"enrol", "--data", missing, "--name", "Ann Worker", "--team", "North"}, strings.NewReader(""), &out)
	if err == nil || !strings.Contains(err.Error(), "homeward-server init --data "+missing) {
		t.Fatalf("enrol on a missing folder: %v", err)
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the missing folder was made: %v", err)
	}
	for _, args := range [][]string{
		{"enrol", "--name", "Ann Worker", "--team", "North"},
		{"users"},
		{"serve", "--addr", "127.0.0.1:0"},
	} {
		out.Reset()
		err := run(context.Background(), append(args, "--data", dir), strings.NewReader(""), &out)
		if err == nil || !strings.Contains(err.Error(), "create it first with homeward-server init") {
			t.Fatalf("%s with no organisation: %v", args[0], err)
		}
		if codeLine.MatchString(out.String()) {
			t.Fatalf("%s with no organisation printed a code: %q", args[0], out.String())
		}
	}
}

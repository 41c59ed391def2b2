package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
)

// TestStatusBarShowsFirstSyncProgress: while a long first sync pulls, the
// status bar says how far it has got; once it has all, it says it is online.
func TestStatusBarShowsFirstSyncProgress(t *testing.T) {
	u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
	u.sync = syncState{enrolled: true, online: true, received: 3200, waiting: 10000}
	u.refreshStatus()
	if got := u.status.sync.Text; got != "Getting records: 3,200 of 10,000 · all saved on this device" {
		t.Fatalf("during the first sync the status bar says %q", got)
	}
	u.sync.received = 10000
	u.refreshStatus()
	if got := u.status.sync.Text; !strings.HasPrefix(got, "Online · synced") {
		t.Fatalf("after it the status bar says %q", got)
	}
}

func TestGrouped(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 3200: "3,200", 10000: "10,000", 1234567: "1,234,567", -4500: "-4,500"} {
		if got := grouped(n); got != want {
			t.Errorf("grouped(%d) = %q, want %q", n, got, want)
		}
	}
}

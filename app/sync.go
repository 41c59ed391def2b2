package app

import (
	"context"
	"strconv"
	"time"

	"fyne.io/fyne/v2"

	"homeward/sync/client"
)

// syncState is what the status bar says of sync.
type syncState struct {
	enrolled bool
	online   bool
	last     time.Time // the last sync that went through
	problem  string    // why the last one did not, in words to act on
	// received of waiting versions, while a sync pulls more than it has yet
	// received: the progress of a long first sync.
	received, waiting int
}

// syncInterval is how often an enrolled, unlocked device syncs.
const syncInterval = 30 * time.Second

// startSync syncs in the background while the profile is unlocked and
// enrolled with a central store; it stops when the app locks. Retries back off
// with jitter (client.Engine.Run).
func (u *UI) startSync() {
	if u.syncStop != nil || u.st == nil || !u.st.Unlocked() {
		return
	}
	eng, err := client.Connect(u.st)
	if err != nil {
		u.sync = syncState{}
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	u.syncStop = cancel
	u.sync = syncState{enrolled: true}
	st := u.st
	eng.Progress = func(r client.Report) {
		fyne.Do(func() {
			if u.st != st || ctx.Err() != nil {
				return
			}
			u.sync.online, u.sync.received, u.sync.waiting = true, r.Received, r.Waiting
			u.refreshStatus()
		})
	}
	go eng.Run(ctx, syncInterval, func(_ client.Report, err error) {
		fyne.Do(func() {
			if u.st != st || ctx.Err() != nil {
				return
			}
			u.sync.received, u.sync.waiting = 0, 0
			u.sync.online = err == nil
			u.sync.problem = client.Describe(err)
			if err == nil {
				u.sync.last = u.now()
			}
			u.refreshStatus()
		})
	})
}

// stopSync stops the background sync, as the app locks.
func (u *UI) stopSync() {
	if u.syncStop != nil {
		u.syncStop()
		u.syncStop = nil
	}
}

// syncText is the sync state in words.
func syncText(s syncState, pending, quarantined int, now time.Time) string {
	waiting := "all saved on this device"
	if pending > 0 {
		waiting = strconv.Itoa(pending) + " waiting to sync"
	}
	if quarantined > 0 {
		waiting += " · " + strconv.Itoa(quarantined) + " not taken by the central store (see Settings)"
	}
	switch {
	case !s.enrolled:
		return "Not joined to a central store · " + waiting
	case s.received < s.waiting:
		return "Getting records: " + grouped(s.received) + " of " + grouped(s.waiting) + " · " + waiting
	case s.online:
		return "Online · synced " + s.last.In(time.Local).Format("15:04") + " · " + waiting
	case !s.last.IsZero():
		return "Offline since " + s.last.In(time.Local).Format("15:04") + " · " + waiting
	default:
		return "Offline · " + waiting
	}
}

// grouped writes n with its thousands grouped by commas: 10,000.
func grouped(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

package store_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klauspost/compress/s2"

	"homeward/model"
	"homeward/store"
)

// voice4K is a voice entry whose encoded payload is about 4 KiB of text that does
// not compress away: words drawn at random.
func voice4K(rng *rand.Rand) model.VoiceEntry {
	var b strings.Builder
	for b.Len() < 3900 {
		b.WriteString(vocab[rng.IntN(len(vocab))])
		b.WriteByte(' ')
	}
	return model.VoiceEntry{RecordedAt: time.Now(), Method: model.MethodWords, Words: b.String(), Share: model.ShareTeam}
}

// vocab is words a child might use in an interview, enough of them that the
// text does not compress 2:1 (TestBenchmarkTextDoesNotCompress2To1), as the
// save target asks.
var vocab = strings.Fields(`the a an and but so then because when after before if not never always sometimes
safe home school friend friends worried said went back night bus train phone told nobody wanted didn't couldn't
mum dad nan grandad brother sister auntie uncle carer foster flat house party older car money scared fine
tired angry upset happy lonely bored hungry cold football weekend police found stayed walked ran hid slept
ate drank smoked text message snapchat instagram called picked dropped shop chicken chippy park bench
station town city centre street corner garage someone somebody man lad girl boy they them he she we us me my
his her their our your you I it was were is are be been had have has do did done going gone came come
get got give gave take took know knew think thought feel felt like liked love hate want need help sorry
really very just only still again maybe probably yesterday today tomorrow morning afternoon evening late
early hours days week Friday Saturday Sunday Monday birthday trainers jacket hoodie bag charger battery
dead lost forgot remember remembered worry worries trust trusted promise promised owe owed favour favours
drive drove lift lifts taxi uber takeaway food vape weed drink drinks present presents new clothes nails
hair makeup room bedroom sofa floor door window lock locked key keys outside inside upstairs downstairs`)

// edited is v as a worker leaves it after an edit: one word somewhere in its
// text changed for another, so that the text differs, and as a rule its length.
func edited(v model.VoiceEntry, rng *rand.Rand) model.VoiceEntry {
	words := strings.Fields(v.Words)
	words[rng.IntN(len(words))] = vocab[rng.IntN(len(vocab))]
	v.Words = strings.Join(words, " ")
	return v
}

// BenchmarkSave saves through the store and, in the same loop, does what an app
// that kept plaintext would do with the same record: encode it and write it to a
// plain table of a database opened with the same settings. A new record is
// compared with a plain INSERT; an edit (naming its parent, clearing the draft
// typed for it) with a plain UPDATE of the same row. The case saved to already
// holds 300 records, so the summary a save keeps up to date is of a full case.
// Each runs with synchronous=FULL, as the store does, and with NORMAL, so that the
// disk sync does not hide the overhead. It reports the median of each and their
// ratio: the cost of sealing, the version graph and the summary over the careless
// app's write.
func BenchmarkSave(b *testing.B) {
	for _, sync := range []string{"FULL", "NORMAL"} {
		for _, kind := range []string{"new", "edit"} {
			b.Run(kind+"-"+sync, func(b *testing.B) { benchmarkSave(b, kind == "edit", sync) })
		}
	}
}

func benchmarkSave(b *testing.B, edit bool, sync string) {
	s := mustCreate(b)
	caseID, _ := s.NewCase()
	rng := rand.New(rand.NewPCG(1, 2))
	mustSave(b, s, caseID, s.NewRecordID(), nil, child("Bench Child"))
	for range 299 {
		mustSave(b, s, caseID, s.NewRecordID(), nil, voice4K(rng))
	}
	plain, err := store.OpenDB(filepath.Join(b.TempDir(), "plain.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer plain.Close()
	for _, q := range []string{"PRAGMA synchronous=" + sync, `CREATE TABLE plain (id TEXT PRIMARY KEY, case_id TEXT, body BLOB)`} {
		if _, err := plain.Exec(q); err != nil {
			b.Fatal(err)
		}
	}
	if err := s.SetSynchronous(sync); err != nil {
		b.Fatal(err)
	}
	// Prepared once, as the store's own statements are: the baseline pays no
	// preparing the store does not pay.
	q := `INSERT INTO plain (id, case_id, body) VALUES (?, ?, ?)`
	if edit {
		q = `UPDATE plain SET body = ? WHERE id = ? AND case_id = ?`
	}
	write, err := plain.Prepare(q)
	if err != nil {
		b.Fatal(err)
	}
	defer write.Close()
	v := voice4K(rng)
	recordID, plainID := s.NewRecordID(), s.NewRecordID()
	head := mustSave(b, s, caseID, recordID, nil, v)
	if _, err := plain.Exec(`INSERT INTO plain (id, case_id, body) VALUES (?, ?, ?)`, plainID, caseID, []byte("first")); err != nil {
		b.Fatal(err)
	}
	body, _ := model.Encode(model.Payload{Kind: v.Kind(), SavedAt: time.Now(), SavedBy: "Bench", Record: v})
	b.SetBytes(int64(len(body)))
	plainWrite := func() {
		body, err := model.Encode(model.Payload{Kind: v.Kind(), SavedAt: time.Now(), SavedBy: "Bench", Record: v})
		if err == nil && edit {
			_, err = write.Exec(body, plainID, caseID)
		} else if err == nil {
			_, err = write.Exec(s.NewRecordID(), caseID, body)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	save := func() {
		var err error
		if edit {
			head, err = s.Save(caseID, recordID, []string{head}, v)
		} else {
			_, err = s.Save(caseID, s.NewRecordID(), nil, v)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	timed := func(f func()) time.Duration {
		t := time.Now()
		f()
		return time.Since(t)
	}
	var tSave, tPlain []time.Duration
	for b.Loop() {
		if edit {
			// The draft the worker typed, kept as they typed: not timed, and
			// cleared by the save. The plain write writes the same edit: an
			// UPDATE to the very same text would be cheaper than any real edit,
			// because SQLite leaves pages whose bytes did not change unwritten.
			v = edited(v, rng)
			if err := s.SaveDraft(caseID, recordID, v); err != nil {
				b.Fatal(err)
			}
		}
		// Alternate which goes first, so that neither always follows the other's
		// sync to the same disk.
		if len(tSave)%2 == 0 {
			tPlain = append(tPlain, timed(plainWrite))
			tSave = append(tSave, timed(save))
		} else {
			tSave = append(tSave, timed(save))
			tPlain = append(tPlain, timed(plainWrite))
		}
	}
	if _, ok, _ := s.Draft(recordID); edit && ok {
		b.Fatal("the save did not clear the draft")
	}
	// Medians: a disk sync now and then takes many times the usual, and on a
	// shared machine such outliers would otherwise decide the ratio.
	mSave, mPlain := median(tSave), median(tPlain)
	b.ReportMetric(float64(mSave.Nanoseconds()), "ns/save")
	b.ReportMetric(float64(mPlain.Nanoseconds()), "ns/plain")
	b.ReportMetric(float64(mSave)/float64(mPlain), "save/plain")
}

// BenchmarkOutbox1000 is the work a save no longer does: each iteration reads
// 1,000 versions waiting to be pushed, checks each one's attestation and signs
// it, as a push does in the background.
func BenchmarkOutbox1000(b *testing.B) {
	s := mustCreate(b)
	caseID, _ := s.NewCase()
	rng := rand.New(rand.NewPCG(5, 6))
	for range 1000 {
		if _, err := s.Save(caseID, s.NewRecordID(), nil, voice4K(rng)); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		out, err := s.Outbox(1000)
		if err != nil || len(out) != 1000 {
			b.Fatalf("Outbox = %d versions, %v", len(out), err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1000, "ns/version")
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// A scale fixture is a closed profile of n versions, made once per test binary
// and size: a child of about 333 versions for every 333 (a worker's few years
// at 20,000 versions, a supervisor's team of ten, 600 children, at 200,000).
// Each case has its child's details, missing episodes with return interviews
// (a few still to be held), and voice entries of 200 to 1,500 characters of
// text that does not compress away; one save in five edits an earlier voice
// entry, so records have histories. It is built with synchronous=OFF, in
// memory when the machine has /dev/shm, and removed when the tests end.
var (
	fixturesMu sync.Mutex
	fixtures   = map[int]string{}
	fixtureDir string
)

// childrenFor is how many children a fixture of n versions holds.
func childrenFor(n int) int { return max(1, n/333) }

func scaleFixture(tb testing.TB, n int) string {
	fixturesMu.Lock()
	defer fixturesMu.Unlock()
	if path, ok := fixtures[n]; ok {
		return path
	}
	if fixtureDir == "" {
		parent := ""
		if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
			parent = "/dev/shm"
		}
		dir, err := os.MkdirTemp(parent, "homeward-bench-")
		if err != nil {
			tb.Fatal(err)
		}
		fixtureDir = dir
	}
	path := filepath.Join(fixtureDir, fmt.Sprintf("profile-%d.db", n))
	s, err := store.Create(path, store.Profile{Name: "Bench", Role: model.RolePractitioner}, testPass, testKDF(tb))
	if err != nil {
		tb.Fatal(err)
	}
	defer s.Close()
	if err := s.SetSynchronous("OFF"); err != nil {
		tb.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(uint64(n), 4))
	children := childrenFor(n)
	perCase := n / children
	now := time.Now().UTC()
	made := 0
	for c := range children {
		caseID, err := s.NewCase()
		if err != nil {
			tb.Fatal(err)
		}
		mustSave(tb, s, caseID, s.NewRecordID(), nil, child(fmt.Sprintf("Bench Child %d", c)))
		made++
		var voices []string
		heads := map[string]string{}
		for i := 1; i < perCase && made < n; i++ {
			switch r := rng.IntN(20); {
			case r == 0:
				ep := s.NewRecordID()
				back := now.Add(-time.Duration(rng.IntN(24*365)) * time.Hour)
				mustSave(tb, s, caseID, ep, nil, model.MissingEpisode{WentMissing: back.Add(-5 * time.Hour), Returned: back})
				if rng.IntN(10) > 0 && i+1 < perCase {
					mustSave(tb, s, caseID, s.NewRecordID(), nil, model.ReturnInterview{EpisodeID: ep, OfferedAt: back.Add(time.Hour),
						Held: true, HeldAt: back.Add(30 * time.Hour)})
					i++
					made++
				}
			case r < 5 && len(voices) > 0:
				id := voices[rng.IntN(len(voices))]
				v := voice4K(rng)
				v.Words = v.Words[:200+rng.IntN(1300)]
				heads[id] = mustSave(tb, s, caseID, id, []string{heads[id]}, v)
			default:
				id := s.NewRecordID()
				v := voice4K(rng)
				v.Words = v.Words[:200+rng.IntN(1300)]
				heads[id] = mustSave(tb, s, caseID, id, nil, v)
				voices = append(voices, id)
			}
			made++
		}
	}
	fixtures[n] = path
	return path
}

func TestMain(m *testing.M) {
	code := m.Run()
	if fixtureDir != "" {
		os.RemoveAll(fixtureDir)
	}
	os.Exit(code)
}

// BenchmarkUnlock unlocks profiles of 20,000 and 200,000 versions, timing what
// follows the key derivation (checking the keys and devices, opening every
// case's summary and checking it against the versions), and, in the same
// loop, what unlock did before summaries: opening every record of every case.
func BenchmarkUnlock(b *testing.B) {
	for _, n := range []int{20000, 200000} {
		b.Run(fmt.Sprintf("versions=%d", n), func(b *testing.B) {
			s, err := store.Open(scaleFixture(b, n))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			var open, all []time.Duration
			for b.Loop() {
				_, o, err := s.UnlockTimed(testPass)
				if err != nil {
					b.Fatal(err)
				}
				if got := len(s.Cases()); got != childrenFor(n) {
					b.Fatalf("unlocked %d cases, want %d", got, childrenFor(n))
				}
				t := time.Now()
				for _, c := range s.Cases() {
					if _, ok := s.Case(c.ID); !ok {
						b.Fatal("a case did not open")
					}
					s.ForgetCases()
				}
				all = append(all, time.Since(t))
				open = append(open, o)
				s.Lock()
			}
			b.ReportMetric(float64(median(open).Microseconds())/1000, "ms-open")
			b.ReportMetric(float64(median(all).Microseconds())/1000, "ms-open-every-record")
			b.ReportMetric(float64(median(open))/float64(median(all)), "open/every-record")
		})
	}
}

// BenchmarkUnlockRebuildingSummaries unlocks, once per iteration, a copy of
// the profiles of 20,000 and 200,000 versions whose every summary is of an
// older layout, as after an update of Homeward that adds to the summary: the
// unlock makes each again from its case's records. The baseline, in the same
// loop, is the next unlock of the same file, whose summaries are current.
func BenchmarkUnlockRebuildingSummaries(b *testing.B) {
	for _, n := range []int{20000, 200000} {
		b.Run(fmt.Sprintf("versions=%d", n), func(b *testing.B) {
			src := scaleFixture(b, n)
			var rebuild, open []time.Duration
			for b.Loop() {
				path := filepath.Join(b.TempDir(), "profile.db")
				copyFile(b, src, path)
				s := mustOpen(b, path)
				for _, c := range s.Cases() {
					if err := s.WriteSummaryLayout1(c.ID); err != nil {
						b.Fatal(err)
					}
				}
				s.Lock()
				_, r, err := s.UnlockTimed(testPass)
				if err != nil {
					b.Fatal(err)
				}
				if got := len(s.Cases()); got != childrenFor(n) || s.Cases()[0].Oversight.Waiting == 0 {
					b.Fatalf("%d cases after the rebuild, the first with %+v", got, s.Cases()[0].Oversight)
				}
				s.Lock()
				_, o, err := s.UnlockTimed(testPass)
				if err != nil {
					b.Fatal(err)
				}
				rebuild, open = append(rebuild, r), append(open, o)
				s.Close()
			}
			b.ReportMetric(float64(median(rebuild).Microseconds())/1000, "ms-rebuild")
			b.ReportMetric(float64(median(open).Microseconds())/1000, "ms-open")
			b.ReportMetric(float64(median(rebuild))/float64(median(open)), "rebuild/open")
		})
	}
}

// copyFile copies the file at src to dst.
func copyFile(tb testing.TB, src, dst string) {
	tb.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o600); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkOpenCase300 opens a child's page from disk in the 200,000-version
// profile: every version of a case of about 330 checked, the graph read and each
// record's heads decrypted. The baseline in the same loop reads the same rows
// without checking or opening anything.
func BenchmarkOpenCase300(b *testing.B) {
	s := mustOpen(b, scaleFixture(b, 200000))
	caseID := s.Cases()[0].ID
	var open, read []time.Duration
	for b.Loop() {
		s.ForgetCases()
		t := time.Now()
		c, ok := s.Case(caseID)
		open = append(open, time.Since(t))
		if !ok || len(c.Voices) < 200 {
			b.Fatalf("the case opened with %d voice entries", len(c.Voices))
		}
		t = time.Now()
		if n := s.ReadCaseRows(caseID); n < 300 {
			b.Fatalf("read %d rows", n)
		}
		read = append(read, time.Since(t))
	}
	b.ReportMetric(float64(median(open).Microseconds())/1000, "ms-open")
	b.ReportMetric(float64(median(read).Microseconds())/1000, "ms-read-rows")
	b.ReportMetric(float64(median(open))/float64(median(read)), "open/read")
}

// TestUnlockMemory checks, in a fresh process so that nothing else this test
// binary did is counted, that a profile of 200,000 versions holds under 100 MB
// resident once unlocked.
func TestUnlockMemory(t *testing.T) {
	if path := os.Getenv("HOMEWARD_UNLOCK_PROFILE"); path != "" {
		unlockChild(t, path)
		return
	}
	if raceEnabled {
		t.Skip("the race detector multiplies time and memory: the bound is checked without it")
	}
	if testing.Short() {
		t.Skip("makes 200,000 versions")
	}
	path := scaleFixture(t, 200000)
	cmd := exec.Command(os.Args[0], "-test.run=^TestUnlockMemory$", "-test.count=1")
	cmd.Env = append(os.Environ(), "HOMEWARD_UNLOCK_PROFILE="+path)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	var openMS, rssMB float64
	for _, line := range strings.Split(string(out), "\n") {
		if _, err := fmt.Sscanf(strings.TrimSpace(line), "unlock open_ms=%g rss_mb=%g", &openMS, &rssMB); err == nil {
			break
		}
	}
	if rssMB == 0 {
		t.Fatalf("child printed no figures:\n%s", out)
	}
	t.Logf("200,000 versions: open %.1f ms (one unlock; BenchmarkUnlock measures it), resident %.1f MB", openMS, rssMB)
	if rssMB >= 100 {
		t.Errorf("resident after unlock = %.1f MB, want < 100", rssMB)
	}
}

func unlockChild(t *testing.T, path string) {
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, open, err := s.UnlockTimed(testPass)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(s.Cases()); got != childrenFor(200000) {
		t.Fatalf("unlocked %d cases, want %d", got, childrenFor(200000))
	}
	runtime.GC()
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip("no /proc: cannot read resident memory here")
	}
	var rssKB float64
	for _, line := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			fmt.Sscanf(strings.TrimPrefix(line, "VmRSS:"), "%g", &rssKB)
		}
	}
	fmt.Printf("unlock open_ms=%.1f rss_mb=%.1f\n", float64(open.Microseconds())/1000, rssKB/1024)
}

// TestBenchmarkTextDoesNotCompress2To1 keeps the benchmarks honest: the save
// target asks for payload text that does not compress 2:1, and a version's
// payload is compressed (s2) before it is sealed.
func TestBenchmarkTextDoesNotCompress2To1(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		v := voice4K(rng)
		b, err := model.Encode(model.Payload{Kind: v.Kind(), SavedAt: time.Now(), SavedBy: "Bench", Record: v})
		if err != nil {
			t.Fatal(err)
		}
		if r := float64(len(b)) / float64(len(s2.Encode(nil, b))); r >= 2 {
			t.Fatalf("a benchmark payload of %d bytes compresses %.2f:1; the target asks for text that does not compress 2:1", len(b), r)
		}
	}
}

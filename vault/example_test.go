package vault_test

import (
	"fmt"
	"log"

	"homeward/vault"
)

// A device seals a version of a record under the case key and signs it; any
// member holding the case key and the author's public key opens it.
func ExampleSeal() {
	author, err := vault.NewIdentity()
	if err != nil {
		log.Fatal(err)
	}
	ck, err := vault.NewCaseKey("case-0001", 1)
	if err != nil {
		log.Fatal(err)
	}

	h := vault.Header{
		VersionID: vault.NewVersionID(),
		RecordID:  "record-0001",
		CaseID:    ck.CaseID,
		KeyEpoch:  ck.Epoch,
		Schema:    1,
	}
	env, err := vault.Seal(h, []byte(`{"kind":"comment","text":"Plan agreed."}`), ck, author)
	if err != nil {
		log.Fatal(err)
	}
	blob, err := env.MarshalBinary() // what goes to disk and over the wire
	if err != nil {
		log.Fatal(err)
	}

	got, err := vault.UnmarshalEnvelope(blob)
	if err != nil {
		log.Fatal(err)
	}
	payload, err := vault.Open(got, vault.Location{RecordID: "record-0001", CaseID: "case-0001"}, ck, author.Public().Sign)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(payload))

	// The same bytes found under another record are refused.
	_, err = vault.Open(got, vault.Location{RecordID: "record-0002", CaseID: "case-0001"}, ck, author.Public().Sign)
	fmt.Println(err)
	// Output:
	// {"kind":"comment","text":"Plan agreed."}
	// vault: version belongs to another record or case
}

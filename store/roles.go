package store

import (
	"encoding/json"
	"errors"
	"maps"

	"homeward/model"
	"homeward/vault"
)

// rolesSeal labels the sealed list of the roles of the organisation's devices.
const rolesSeal = "device-roles"

// loadRoles opens the roles of the devices the directory has listed: none
// when there are none yet, or when the list does not open (it is then as if
// no one were a supervisor, and their sign-offs show as not counted).
func (s *Store) loadRoles(id *vault.Identity) map[string]model.Role {
	roles := map[string]model.Role{}
	sealed, err := s.metaBytes("device_roles")
	if err != nil {
		return roles
	}
	plain, err := id.OpenPrivate(rolesSeal, nil, sealed)
	if err != nil {
		return roles
	}
	json.Unmarshal(plain, &roles)
	return roles
}

// withRoles is roles and those of devices, sealed for the file.
func withRoles(id *vault.Identity, roles map[string]model.Role, devices []PeerDevice) (map[string]model.Role, []byte, error) {
	out := maps.Clone(roles)
	if out == nil {
		out = map[string]model.Role{}
	}
	for _, d := range devices {
		if d.Role != "" {
			out[d.ID] = model.Role(d.Role)
		}
	}
	plain, _ := json.Marshal(out) // a map of strings always encodes
	sealed, err := id.SealPrivate(rolesSeal, nil, plain)
	return out, sealed, err
}

// mayHold says whether version v may stand in a case: a sign-off or a return
// of work counts only from this device or from one the directory lists as a
// supervisor's, as the central store cannot tell them from other versions.
func (k *keyring) mayHold(v Version) bool {
	switch v.Payload.Kind {
	case model.KindSignOff, model.KindReturn:
		return k.mayReview(v.Author)
	}
	return true
}

// mayReview says whether a device may sign off or return work: this one, or a
// supervisor's.
func (k *keyring) mayReview(deviceID string) bool {
	return deviceID == k.id.Public().DeviceID() || k.roles[deviceID] == model.RoleSupervisor
}

// ErrNotSupervisor is what Damage says of a sign-off or a return of work from
// a device that is not a supervisor's: it is kept, and not counted.
var ErrNotSupervisor = errors.New("store: a sign-off or a return of work from a device the directory does not list as a supervisor's: not counted")

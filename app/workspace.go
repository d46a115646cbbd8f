package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/weftworks/weft/app/templates"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/store"
)

// Setting keys of the Studio workspace (store settings). In team mode
// each user has their own: workspaceKey adds the user's name.
const (
	keyDraft  = "studio.draft"
	keyRecent = "studio.recent"
	keyPrefs  = "studio.preferences"
)

// maxRecent is how many flows RecentFlows remembers.
const maxRecent = 10

// Draft is the flow being edited with changes not yet saved, kept so that
// a Studio killed mid-edit can offer them back. Flow may be invalid or
// have no id (a flow never saved).
type Draft struct {
	Flow flow.Flow `json:"flow"`
	// BaseVersion is the saved version the edits started from; 0 for a
	// flow never saved.
	BaseVersion int   `json:"baseVersion"`
	SavedAt     int64 `json:"savedAt"` // Unix milliseconds, set by SaveDraft
}

// Preferences are the user's Studio choices.
type Preferences struct {
	// Theme is "system" (follow the OS), "light" or "dark".
	Theme string `json:"theme"`
}

// ErrBadTheme is returned for a theme other than system, light or dark.
var ErrBadTheme = errors.New(`theme must be "system", "light" or "dark"`)

// ListTemplates returns the template gallery.
func (s *Service) ListTemplates() ([]templates.Template, error) {
	return templates.List()
}

// NewFromTemplate saves a new flow made from the template id (a fresh
// flow id, the template's name) and returns it as saved.
func (s *Service) NewFromTemplate(id string) (SaveResult, error) {
	f, err := templates.Flow(id)
	if err != nil {
		return SaveResult{}, err
	}
	f.ID = ""
	res, err := s.SaveFlow(*f)
	if err != nil {
		return SaveResult{}, err
	}
	return res, s.TouchRecent(res.Flow.ID)
}

// SaveDraft keeps d as the unsaved draft, replacing the previous one.
func (s *Service) SaveDraft(d Draft) error {
	d.SavedAt = s.now().UnixMilli()
	raw, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("save draft: %w", err)
	}
	return s.store.PutSetting(s.workspaceKey(keyDraft), raw)
}

// GetDraft returns the unsaved draft, or nil when there is none.
func (s *Service) GetDraft() (*Draft, error) {
	raw, err := s.store.Setting(s.workspaceKey(keyDraft))
	if err != nil || raw == nil {
		return nil, err
	}
	var d Draft
	if err := json.Unmarshal(raw, &d); err != nil {
		// A draft that cannot be read is dropped rather than blocking start.
		return nil, errors.Join(fmt.Errorf("the unsaved draft is unreadable and was dropped: %w", err), s.DiscardDraft())
	}
	return &d, nil
}

// DiscardDraft forgets the unsaved draft.
func (s *Service) DiscardDraft() error {
	return s.store.DeleteSetting(s.workspaceKey(keyDraft))
}

// TouchRecent puts flow id first in the recent flows.
func (s *Service) TouchRecent(id string) error {
	ids, err := s.recentIDs()
	if err != nil {
		return err
	}
	ids = slices.DeleteFunc(ids, func(x string) bool { return x == id })
	ids = append([]string{id}, ids...)
	if len(ids) > maxRecent {
		ids = ids[:maxRecent]
	}
	raw, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	return s.store.PutSetting(s.workspaceKey(keyRecent), raw)
}

// RecentFlows returns the flows opened or saved most recently, newest
// first; deleted flows are left out.
func (s *Service) RecentFlows() ([]store.FlowInfo, error) {
	ids, err := s.recentIDs()
	if err != nil {
		return nil, err
	}
	all, err := s.store.Flows()
	if err != nil {
		return nil, err
	}
	out := []store.FlowInfo{}
	for _, id := range ids {
		if i := slices.IndexFunc(all, func(f store.FlowInfo) bool { return f.ID == id }); i >= 0 {
			out = append(out, all[i])
		}
	}
	return out, nil
}

func (s *Service) recentIDs() ([]string, error) {
	raw, err := s.store.Setting(s.workspaceKey(keyRecent))
	if err != nil || raw == nil {
		return []string{}, err
	}
	var ids []string
	if err := json.Unmarshal(raw, &ids); err != nil {
		return []string{}, nil // an unreadable list is only a lost convenience
	}
	return ids, nil
}

// GetPreferences returns the user's preferences; the theme defaults to
// "system".
func (s *Service) GetPreferences() (Preferences, error) {
	p := Preferences{Theme: "system"}
	raw, err := s.store.Setting(s.workspaceKey(keyPrefs))
	if err != nil || raw == nil {
		return p, err
	}
	if err := json.Unmarshal(raw, &p); err != nil || !validTheme(p.Theme) {
		return Preferences{Theme: "system"}, nil
	}
	return p, nil
}

// SavePreferences stores p.
func (s *Service) SavePreferences(p Preferences) error {
	if !validTheme(p.Theme) {
		return fmt.Errorf("%w, not %q", ErrBadTheme, p.Theme)
	}
	raw, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return s.store.PutSetting(s.workspaceKey(keyPrefs), raw)
}

// workspaceKey is the setting key of s's user's part of the workspace:
// key itself for the single user of a desktop or `weft studio` without
// --team, key/user/<name> for a signed-in team member (AsActor), so
// members' drafts, recent flows and preferences never mix.
func (s *Service) workspaceKey(key string) string {
	if s.actor == "" {
		return key
	}
	return userKey(key, s.actor)
}

func userKey(key, user string) string { return key + "/user/" + user }

// ForgetWorkspace deletes the team member user's part of the workspace
// (their draft, recent flows and preferences) within tx, a writable
// transaction of the Studio's data file; team.Team.OnDeleteUser runs it
// in the transaction that deletes the user, so a new user given the same
// name later starts afresh.
func ForgetWorkspace(tx *bolt.Tx, user string) error {
	return store.DeleteSettingsIn(tx, userKey(keyDraft, user), userKey(keyRecent, user), userKey(keyPrefs, user))
}

func validTheme(t string) bool {
	return t == "system" || t == "light" || t == "dark"
}

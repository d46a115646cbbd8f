package team

import (
	"fmt"
)

// API is the team mode's API methods for one signed-in user; app/httpapi
// serves them beside app.Service's. Required names the role each needs;
// methods that act on another user's things check more themselves.
type API struct {
	team *Team
	user User
}

// NewAPI returns the API acting for user.
func NewAPI(t *Team, user User) *API {
	return &API{team: t, user: user}
}

// NewToken is a created API token: the secret, shown once, and its info.
type NewToken struct {
	Token string    `json:"token"`
	Info  TokenInfo `json:"info"`
}

// Me returns the signed-in user.
func (a *API) Me() (User, error) { return a.user, nil }

// ChangePassword replaces the user's own password after checking the old
// one, and ends their other sessions.
func (a *API) ChangePassword(oldPassword, newPassword string) error {
	if _, err := a.team.Authenticate(a.user.Name, oldPassword); err != nil {
		return err
	}
	return a.team.SetPassword(a.user.Name, a.user.Name, newPassword)
}

// CreateToken makes an API token acting as the user, with their role.
func (a *API) CreateToken(label string) (NewToken, error) {
	token, info, err := a.team.CreateToken(a.user.Name, label)
	return NewToken{Token: token, Info: info}, err
}

// ListTokens lists the user's tokens; an admin sees everyone's.
func (a *API) ListTokens() ([]TokenInfo, error) {
	if a.user.Role == Admin {
		return a.team.Tokens("")
	}
	return a.team.Tokens(a.user.Name)
}

// RevokeToken deletes one of the user's tokens (an admin: anyone's).
func (a *API) RevokeToken(id string) error {
	return a.team.RevokeToken(a.user, id)
}

// ListUsers lists every user.
func (a *API) ListUsers() ([]User, error) { return a.team.Users() }

// CreateUser adds a user with a password and role.
func (a *API) CreateUser(name, password string, role Role) (User, error) {
	return a.team.CreateUser(a.user.Name, name, password, role)
}

// SetRole changes a user's role.
func (a *API) SetRole(name string, role Role) error {
	return a.team.SetRole(a.user.Name, name, role)
}

// DeleteUser removes a user.
func (a *API) DeleteUser(name string) error {
	if name == a.user.Name {
		return fmt.Errorf("%w: you cannot delete yourself", ErrForbidden)
	}
	return a.team.DeleteUser(a.user.Name, name)
}

// ResetPassword sets another user's password.
func (a *API) ResetPassword(name, password string) error {
	return a.team.SetPassword(a.user.Name, name, password)
}

// ProtectFlow turns required approvals on or off for a flow.
func (a *API) ProtectFlow(flowID string, on bool) error {
	return a.team.Protect(a.user.Name, flowID, on)
}

// ListProtected lists the protected flows' ids.
func (a *API) ListProtected() ([]string, error) { return a.team.Protected() }

// RequestApproval asks for the release of a flow as it is saved now.
func (a *API) RequestApproval(flowID string) (Approval, error) {
	return a.team.RequestApproval(a.user.Name, flowID)
}

// Approve approves the release of a flow as it is saved now.
func (a *API) Approve(flowID string) (Approval, error) {
	return a.team.Approve(a.user.Name, flowID)
}

// ListApprovals lists approvals and open requests.
func (a *API) ListApprovals() ([]Approval, error) { return a.team.Approvals() }

package team

import (
	"fmt"
	"strings"
)

// Role is what a user may do; each role includes the ones below it.
type Role int

// The roles, weakest first.
const (
	Viewer Role = iota + 1
	Editor
	Deployer
	Admin
)

var roleNames = map[Role]string{Viewer: "viewer", Editor: "editor", Deployer: "deployer", Admin: "admin"}

func (r Role) String() string {
	if n, ok := roleNames[r]; ok {
		return n
	}
	return fmt.Sprintf("role(%d)", int(r))
}

// ParseRole reads a role name.
func ParseRole(s string) (Role, error) {
	for r, n := range roleNames {
		if strings.EqualFold(s, n) {
			return r, nil
		}
	}
	return 0, fmt.Errorf("unknown role %q: use viewer, editor, deployer or admin", s)
}

// methodRoles is the role every API method needs: the methods of
// app.Service and of API. A method missing here is refused to everyone.
var methodRoles = map[string]Role{
	// reading
	"NodeTypes": Viewer, "ListFlows": Viewer, "ListSubflows": Viewer, "GetFlow": Viewer, "FlowHistory": Viewer,
	"ValidateFlow": Viewer, "GetRun": Viewer, "ListRuns": Viewer, "CredentialKinds": Viewer,
	"ListCredentials": Viewer, "ListSamples": Viewer, "InspectBundle": Viewer, "ListAudit": Viewer,
	"UsageReport": Viewer, "ListAlerts": Viewer, "GetUsageSettings": Editor, "FindRuns": Viewer,
	"ListTemplates": Viewer, "GetDraft": Viewer, "RecentFlows": Viewer, "GetPreferences": Viewer,
	"VersionDiff": Viewer,
	// changing and running
	"SaveFlow": Editor, "DeleteFlow": Editor, "StartRun": Editor, "CancelRun": Editor,
	"SaveCredential": Editor, "DeleteCredential": Editor, "TestCredential": Editor,
	"PreviewMapping": Editor, "RunMappingTests": Editor, "SaveSample": Editor,
	"DeleteSample": Editor, "SampleFromRun": Editor, "ImportBundle": Editor,
	"PinOutput": Editor, "RunFrom": Editor, "CancelTask": Editor,
	"NewFromTemplate": Editor, "SaveDraft": Editor, "DiscardDraft": Editor, "TouchRecent": Viewer,
	"SavePreferences": Viewer, "RestoreVersion": Editor,
	// releasing
	"ExportBundle": Deployer, "SigningKey": Deployer, "Deploy": Deployer, "ListDeployTargets": Viewer,
	// administering
	"ExportAudit": Admin, "VerifyAudit": Admin, "SaveUsageSettings": Admin,
	"SaveDeployTargets": Admin,
	// team.API
	"Me": Viewer, "ChangePassword": Viewer, "CreateToken": Viewer, "ListTokens": Viewer,
	"RevokeToken": Viewer, "ListProtected": Viewer, "ListApprovals": Viewer,
	"RequestApproval": Editor, "Approve": Deployer,
	"ListUsers": Admin, "CreateUser": Admin, "SetRole": Admin, "DeleteUser": Admin,
	"ResetPassword": Admin, "ProtectFlow": Admin,
}

// Required returns the role an API method needs, and false for a method
// no role was given: such a method must be refused.
func Required(method string) (Role, bool) {
	r, ok := methodRoles[method]
	return r, ok
}

// MarshalText writes the role's name.
func (r Role) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText reads a role's name.
func (r *Role) UnmarshalText(b []byte) error {
	v, err := ParseRole(string(b))
	*r = v
	return err
}

package app

import (
	"errors"
	"fmt"
	"slices"

	"github.com/weftworks/weft/app/credcheck"
	"github.com/weftworks/weft/engine/credential"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/spec"
	"github.com/weftworks/weft/engine/store"
)

// CredentialInfo is a stored credential as Studio shows it: the values of
// its plain fields, and only the names of the secret fields that hold a
// value. Secrets never leave the service.
type CredentialInfo struct {
	Name       string            `json:"name"`
	Kind       credential.Kind   `json:"kind"`
	Fields     map[string]string `json:"fields"`
	SecretsSet []string          `json:"secretsSet"`
	UpdatedAt  int64             `json:"updatedAt"` // Unix milliseconds
}

// CredentialInput is a credential to save. Secret fields are write-only:
// an empty or omitted secret keeps the stored value (when the kind is
// unchanged); list a secret field in Clear to erase it.
type CredentialInput struct {
	Name   string            `json:"name"`
	Kind   credential.Kind   `json:"kind"`
	Fields map[string]string `json:"fields"`
	Clear  []string          `json:"clear,omitempty"`
}

// CredentialTestResult is the verdict of TestCredential.
type CredentialTestResult = credcheck.Result

// CredentialKinds lists the kinds of credential with their fields, for the
// Credentials panel's form.
func (s *Service) CredentialKinds() ([]credential.KindSpec, error) {
	return credential.Kinds(), nil
}

// ListCredentials lists the stored credentials by name, secrets masked.
func (s *Service) ListCredentials() ([]CredentialInfo, error) {
	stored, err := s.store.Credentials()
	if err != nil {
		return nil, err
	}
	out := make([]CredentialInfo, len(stored))
	for i, c := range stored {
		out[i] = masked(c)
	}
	return out, nil
}

// SaveCredential creates or replaces the credential in.Name. Empty secret
// fields keep their stored value; see CredentialInput.
func (s *Service) SaveCredential(in CredentialInput) (CredentialInfo, error) {
	c := credential.Credential{Name: in.Name, Kind: in.Kind, Fields: map[string]string{}}
	for k, v := range in.Fields {
		if v != "" {
			c.Fields[k] = v
		}
	}
	old, err := s.store.Credential(s.ctx, in.Name)
	switch {
	case err == nil && old.Kind == in.Kind:
		keepSecrets(c, old, in.Clear)
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return CredentialInfo{}, err
	}
	now := s.now().UnixMilli()
	err = s.change("credential.save", "credential", c.Name, func() (string, error) { return s.store.CredentialDigest(c.Name) },
		func() error { return s.store.SaveCredential(c, now) })
	if err != nil {
		return CredentialInfo{}, err
	}
	return masked(store.StoredCredential{Credential: c, UpdatedAt: now}), nil
}

// DeleteCredential removes a credential. Flows naming it fail at run time
// until it is created again.
func (s *Service) DeleteCredential(name string) error {
	return s.change("credential.delete", "credential", name, func() (string, error) { return s.store.CredentialDigest(name) },
		func() error { return s.store.DeleteCredential(name) })
}

// TestCredential tries the stored credential name: target is the URL to
// GET for basic, bearer and API key credentials, or the server address
// for NATS; DSN and OAuth2 credentials need none. A credential that does
// not work is a result with OK false and the reason, not an error.
func (s *Service) TestCredential(name, target string) (CredentialTestResult, error) {
	c, err := s.store.Credential(s.ctx, name)
	if err != nil {
		return CredentialTestResult{}, err
	}
	return credcheck.Check(s.ctx, c, target)
}

// keepSecrets copies into c the stored secret values of old that c leaves
// empty, except those listed in clear.
func keepSecrets(c, old credential.Credential, clear []string) {
	for k, v := range old.Fields {
		if credential.IsSecret(c.Kind, k) && c.Fields[k] == "" && !slices.Contains(clear, k) {
			c.Fields[k] = v
		}
	}
}

func masked(c store.StoredCredential) CredentialInfo {
	info := CredentialInfo{Name: c.Name, Kind: c.Kind, Fields: map[string]string{},
		SecretsSet: []string{}, UpdatedAt: c.UpdatedAt}
	for k, v := range c.Fields {
		if credential.IsSecret(c.Kind, k) {
			info.SecretsSet = append(info.SecretsSet, k)
		} else {
			info.Fields[k] = v
		}
	}
	slices.Sort(info.SecretsSet)
	return info
}

// credentialProblems warns about credential fields (editor "credential")
// naming a credential the store does not hold: the run would fail there.
// A warning, not an error: the runner may supply it from its environment.
// A node inside a subflow is reported on the subflow node.
func (s *Service) credentialProblems(f *flow.Flow) []flow.Problem {
	var out []flow.Problem
	for _, n := range s.expanded(f).Nodes {
		sp, ok := s.reg.Spec(n.Type)
		if !ok {
			continue
		}
		for _, field := range sp.Config {
			name, _ := n.Config[field.Name].(string)
			if field.Editor != spec.EditorCredential || name == "" {
				continue
			}
			if _, err := s.store.Credential(s.ctx, name); errors.Is(err, store.ErrNotFound) {
				out = append(out, flow.OuterProblem(flow.Problem{Severity: "warning", Node: n.ID, Field: field.Name,
					Message: fmt.Sprintf("no credential called %q; create it in the Credentials panel", name)}))
			}
		}
	}
	return out
}

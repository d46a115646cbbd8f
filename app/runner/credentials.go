package runner

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/weftworks/weft/engine/credential"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/registry"
)

// Credentials merges the credentials of environ (with envFile's
// variables beneath it, when given) and of the secrets folder (when
// given); a name given by both is an error.
func Credentials(envFile, secrets string, environ []string) (credential.Static, error) {
	env, err := credential.FromEnv(environ)
	if envFile != "" {
		env, err = credential.FromEnvFile(envFile, environ)
	}
	if err != nil {
		return nil, errors.New("run: credentials: " + err.Error())
	}
	dir := credential.Static{}
	if secrets != "" {
		if dir, err = credential.FromDir(secrets); err != nil {
			return nil, errors.New("run: --secrets: " + err.Error())
		}
	}
	merged, err := credential.Merge(env, dir)
	if err != nil {
		return nil, errors.New("run: " + err.Error())
	}
	return merged, nil
}

// CheckCredentials refuses a flow naming a credential creds lacks, listing
// every missing name with the nodes using it. Values are never printed.
func CheckCredentials(f *flow.Flow, creds credential.Static, reg *registry.Registry) error {
	missing := map[string][]string{}
	for _, r := range credential.Refs(f, reg) {
		if _, ok := creds[r.Name]; !ok {
			missing[r.Name] = append(missing[r.Name], fmt.Sprintf("%s (%s)", r.Node, r.Type))
		}
	}
	if len(missing) == 0 {
		return nil
	}
	names := make([]string, 0, len(missing))
	for name := range missing {
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	fmt.Fprintf(&b, "flow %q needs %d credential(s) that are not provided:", f.ID, len(names))
	for _, name := range names {
		fmt.Fprintf(&b, "\n  credential %q, used by %s", name, strings.Join(missing[name], ", "))
	}
	b.WriteString("\nprovide each as WEFT_CREDENTIAL_<NAME> in the environment or an --env file, or as a file <name> in a --secrets directory")
	return errors.New(b.String())
}

package credential_test

import (
	"context"
	"fmt"

	"github.com/weftworks/weft/engine/credential"
)

// A node resolves the credential its config names with Lookup; tests and
// the runner provide a Static source.
func ExampleStatic() {
	src := credential.Static{
		"crm": {Kind: credential.Bearer, Fields: map[string]string{"token": "s3cret"}},
	}
	c, err := src.Credential(context.Background(), "crm")
	if err != nil {
		panic(err)
	}
	fmt.Println(c.Kind, len(c.Field("token")))
	fmt.Println(c)
	// Output:
	// bearer 6
	// credential "crm" (bearer; fields token)
}

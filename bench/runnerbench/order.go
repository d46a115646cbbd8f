package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
)

// generateOrder returns one order as bench/mapbench generates them, with
// items line items: the same bytes for the same items.
func generateOrder(items int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	var b bytes.Buffer
	fmt.Fprintf(&b, `{"id":"ORD-000001","customer":{"first":"Grace","last":"Hopper","email":"Grace.HOPPER@EXAMPLE.COM"},"items":[`)
	for j := range items {
		if j > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"sku":"%c%d","qty":%d,"price":"%d.%02d"}`,
			'A'+rune(r.IntN(26)), r.IntN(100), 1+r.IntN(5), r.IntN(200), r.IntN(100))
	}
	b.WriteString(`],"placed_at":"2026-03-14T09:26:53Z","country":"us"}`)
	return b.Bytes()
}

// postScript is wrk's Lua script: every request POSTs order as JSON.
func postScript(order []byte) []byte {
	// A long bracket string needs no escaping; pick a level the order
	// does not contain.
	level := "="
	for strings.Contains(string(order), "]"+level+"]") {
		level += "="
	}
	return fmt.Appendf(nil, "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body = [%s[%s]%s]\n",
		level, order, level)
}

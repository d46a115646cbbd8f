package main

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
)

var (
	firstNames = []string{"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret", "Ken"}
	lastNames  = []string{"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Thompson"}
	countries  = []string{"de", "fr", "gb", "us", "nl", "se", "it", "es"}
)

// generate writes n order records as NDJSON, the same bytes for the same n.
func generate(w io.Writer, n int) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	r := rand.New(rand.NewPCG(1, 2))
	for i := 1; i <= n; i++ {
		first, last := firstNames[r.IntN(len(firstNames))], lastNames[r.IntN(len(lastNames))]
		fmt.Fprintf(bw, `{"id":"ORD-%06d","customer":{"first":%q,"last":%q,"email":"%s.%s@EXAMPLE.COM"},"items":[`,
			i, first, last, upper(first), upper(last))
		items := 1 + r.IntN(6)
		for j := range items {
			if j > 0 {
				bw.WriteByte(',')
			}
			fmt.Fprintf(bw, `{"sku":"%c%d","qty":%d,"price":"%d.%02d"}`,
				'A'+rune(r.IntN(26)), r.IntN(100), 1+r.IntN(5), r.IntN(200), r.IntN(100))
		}
		fmt.Fprintf(bw, `],"placed_at":"2026-%02d-%02dT%02d:%02d:%02dZ","country":%q}`+"\n",
			1+r.IntN(12), 1+r.IntN(28), r.IntN(24), r.IntN(60), r.IntN(60), countries[r.IntN(len(countries))])
	}
	return bw.Flush()
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

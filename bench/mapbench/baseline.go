package main

import (
	"bufio"
	"bytes"
	"io"
	"math"
	"strconv"
	"strings"
)

// order is the input record, decoded by the hand-written baselines.
type order struct {
	ID       string `json:"id"`
	Customer struct {
		First string `json:"first"`
		Last  string `json:"last"`
		Email string `json:"email"`
	} `json:"customer"`
	Items []struct {
		SKU   string  `json:"sku"`
		Qty   float64 `json:"qty"`
		Price string  `json:"price"`
	} `json:"items"`
	PlacedAt string `json:"placed_at"`
	Country  string `json:"country"`
}

// erp is the output record; fields are in key order so that the bytes
// match a JSON object with sorted keys.
type erp struct {
	Country      string  `json:"country"`
	CustomerName string  `json:"customerName"`
	Email        string  `json:"email"`
	LineCount    int     `json:"lineCount"`
	OrderID      string  `json:"orderId"`
	PlacedDate   string  `json:"placedDate"`
	Total        float64 `json:"total"`
}

func mapOrder(o *order) erp {
	sum := 0.0
	for _, it := range o.Items {
		p, _ := strconv.ParseFloat(it.Price, 64)
		sum += it.Qty * p
	}
	return erp{
		Country:      strings.ToUpper(o.Country),
		CustomerName: o.Customer.First + " " + o.Customer.Last,
		Email:        strings.ToLower(o.Customer.Email),
		LineCount:    len(o.Items),
		OrderID:      o.ID,
		PlacedDate:   o.PlacedAt[:10],
		// JavaScript's Math.round: halves round towards +Infinity.
		Total: math.Floor(sum*100+0.5) / 100,
	}
}

// codec is a JSON library's Unmarshal and Marshal.
type codec struct {
	unmarshal func([]byte, any) error
	marshal   func(any) ([]byte, error)
}

// runBaseline maps NDJSON orders from r to w the hand-written way.
func runBaseline(r io.Reader, w io.Writer, c codec) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	bw := bufio.NewWriterSize(w, 1<<16)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var o order
		if err := c.unmarshal(line, &o); err != nil {
			return err
		}
		out, err := c.marshal(mapOrder(&o))
		if err != nil {
			return err
		}
		bw.Write(out)
		bw.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return bw.Flush()
}

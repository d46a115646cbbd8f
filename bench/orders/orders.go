package orders

import (
	"math"
	"strconv"
	"strings"
)

// Order is the input record.
type Order struct {
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

// ERP is the output record; fields are in the mapping's field order, the
// key order weft writes (JavaScript's, for the object literal of the
// script mapping).
type ERP struct {
	OrderID      string  `json:"orderId"`
	CustomerName string  `json:"customerName"`
	Email        string  `json:"email"`
	LineCount    int     `json:"lineCount"`
	Total        float64 `json:"total"`
	PlacedDate   string  `json:"placedDate"`
	Country      string  `json:"country"`
}

// Map is the orders mapping written by hand. PlacedAt must hold at least
// 10 characters.
func Map(o *Order) ERP {
	sum := 0.0
	for _, it := range o.Items {
		p, _ := strconv.ParseFloat(it.Price, 64)
		sum += it.Qty * p
	}
	return ERP{
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

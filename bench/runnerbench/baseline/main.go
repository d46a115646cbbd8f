package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// maxBody is the largest order accepted, as weft's webhook default.
const maxBody = 1 << 20

// order is the request body.
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

// erp is the response body; fields are in key order so that the bytes
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

func main() {
	listen := flag.String("listen", "127.0.0.1:8081", "serve on `ADDR`")
	flag.Parse()
	if err := serve(*listen); err != nil {
		fmt.Fprintf(os.Stderr, "baseline: %v\n", err)
		os.Exit(1)
	}
}

// serve answers POST /orders on addr until SIGTERM or SIGINT.
func serve(addr string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	mux := http.NewServeMux()
	mux.HandleFunc("POST /orders", handleOrder)
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func handleOrder(rw http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(rw, r.Body, maxBody))
	if err != nil {
		http.Error(rw, err.Error(), http.StatusRequestEntityTooLarge)
		return
	}
	var o order
	if err := json.Unmarshal(body, &o); err != nil {
		http.Error(rw, "invalid JSON: "+err.Error(), http.StatusBadRequest)
		return
	}
	if len(o.PlacedAt) < 10 {
		http.Error(rw, "placed_at: want an RFC 3339 time", http.StatusUnprocessableEntity)
		return
	}
	out, err := json.Marshal(mapOrder(&o))
	if err != nil {
		http.Error(rw, err.Error(), http.StatusInternalServerError)
		return
	}
	rw.Header().Set("Content-Type", "application/json")
	_, _ = rw.Write(append(out, '\n'))
}

// mapOrder is bench/mapbench/orders.mapping.json written by hand.
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

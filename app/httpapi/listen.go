package httpapi

import (
	"fmt"
	"net"
	"strings"
)

// CheckListen refuses to serve on an address other people can reach unless
// a token protects the API. Loopback addresses (127.0.0.0/8, ::1,
// "localhost") are always allowed.
func CheckListen(addr, token string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("listen address %q: %w", addr, err)
	}
	if token != "" || isLoopback(host) {
		return nil
	}
	return fmt.Errorf("refusing to serve Weft Studio on %s without a token: "+
		"anyone who can reach it could run flows; set --token (or WEFT_TOKEN), or listen on 127.0.0.1", addr)
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

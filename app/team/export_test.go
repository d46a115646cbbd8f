package team

import "time"

// SetNow replaces t's clock (tests).
func SetNow(t *Team, now func() time.Time) { t.now = now }

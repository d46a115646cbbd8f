package cluster

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestReadTimeoutGrowsWithTheBundle(t *testing.T) {
	assert.Equal(t, callTimeout, readTimeout(0), "an empty bundle gets the bound of a small call")
	assert.Equal(t, callTimeout, readTimeout(slowLink-1), "under a second at slowLink adds nothing")
	big := uint64(100 << 20)
	assert.Equal(t, callTimeout+400*time.Second, readTimeout(big), "100 MiB at 256 KiB/s takes 400 s")
}

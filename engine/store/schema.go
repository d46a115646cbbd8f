package store

import (
	"fmt"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

// Bucket names. History and the run index hold one nested bucket per flow.
var (
	bucketMeta     = []byte("meta")
	bucketFlows    = []byte("flows")    // flow id → canonical flow JSON
	bucketFlowInfo = []byte("flowInfo") // flow id → FlowInfo JSON
	bucketHistory  = []byte("history")  // flow id → {version (8 bytes BE) → historyRecord JSON}
	bucketRuns     = []byte("runs")     // run id → run data
	bucketRunInfo  = []byte("runInfo")  // run id → RunInfo JSON
	bucketRunIndex = []byte("runIndex") // flow id → {startedAt (8 bytes BE) + run id → run id}
	bucketSamples  = []byte("samples")  // flow id → {node id + 0x00 + name → Sample JSON}
	// credential name → sealed credentialRecord (see keyfile.go)
	bucketCredentials = []byte("credentials")
	bucketSettings    = []byte("settings") // key → JSON (Studio's draft, recent flows, window, preferences)
	keySchema         = []byte("schema")   // in meta: the schema version, decimal
)

// migrations[i] upgrades the schema from version i to i+1. Append only;
// never change a step that has shipped.
var migrations = []func(tx *bolt.Tx) error{
	createBuckets,     // 0 → 1
	createSamples,     // 1 → 2
	createCredentials, // 2 → 3
	createSettings,    // 3 → 4
}

func createBuckets(tx *bolt.Tx) error {
	for _, name := range [][]byte{bucketFlows, bucketFlowInfo, bucketHistory, bucketRuns, bucketRunInfo, bucketRunIndex} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	return nil
}

func createSamples(tx *bolt.Tx) error {
	_, err := tx.CreateBucketIfNotExists(bucketSamples)
	return err
}

func createCredentials(tx *bolt.Tx) error {
	_, err := tx.CreateBucketIfNotExists(bucketCredentials)
	return err
}

func createSettings(tx *bolt.Tx) error {
	_, err := tx.CreateBucketIfNotExists(bucketSettings)
	return err
}

// migrate brings the schema up to len(migrations) and refuses newer ones.
func migrate(tx *bolt.Tx) error {
	meta, err := tx.CreateBucketIfNotExists(bucketMeta)
	if err != nil {
		return err
	}
	current := 0
	if raw := meta.Get(keySchema); raw != nil {
		if current, err = strconv.Atoi(string(raw)); err != nil {
			return fmt.Errorf("bad schema version %q: %w", raw, err)
		}
	}
	if current > len(migrations) {
		return fmt.Errorf("%w: schema version %d, this Weft knows up to %d; upgrade Weft", ErrNewerSchema, current, len(migrations))
	}
	for v := current; v < len(migrations); v++ {
		if err := migrations[v](tx); err != nil {
			return fmt.Errorf("upgrade schema %d to %d: %w", v, v+1, err)
		}
	}
	return meta.Put(keySchema, []byte(strconv.Itoa(len(migrations))))
}

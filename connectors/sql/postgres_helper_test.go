package sql_test

import (
	"context"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/connectors/sql/pgtest"
)

var (
	pgOnce    sync.Once
	pgCluster *pgtest.Cluster
	pgErr     error
	pgDBs     atomic.Int64
)

func TestMain(m *testing.M) {
	code := m.Run()
	if pgCluster != nil {
		pgCluster.Stop()
	}
	os.Exit(code)
}

// postgresDSN returns the DSN of a fresh, empty database on a real
// PostgreSQL cluster the package's tests share (package pgtest). The test
// is skipped when PostgreSQL is not installed (build/scripts/setup.sh
// installs it), except under CI, where that fails.
func postgresDSN(t *testing.T) string {
	t.Helper()
	pgOnce.Do(func() { pgCluster, pgErr = pgtest.Start() })
	if pgErr != nil {
		if os.IsNotExist(pgErr) && os.Getenv("CI") == "" {
			t.Skipf("PostgreSQL is not installed (run build/scripts/setup.sh): %v", pgErr)
		}
		t.Fatalf("start PostgreSQL: %v", pgErr)
	}
	name := fmt.Sprintf("weft_test_%d", pgDBs.Add(1))
	ctx := context.Background()
	c, err := pgx.Connect(ctx, pgCluster.DSN("postgres", pgtest.Password))
	require.NoError(t, err)
	defer c.Close(ctx)
	_, err = c.Exec(ctx, "CREATE DATABASE "+name)
	require.NoError(t, err)
	return pgCluster.DSN(name, pgtest.Password)
}

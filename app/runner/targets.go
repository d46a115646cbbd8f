package runner

import (
	"context"
	"time"

	"github.com/weftworks/weft/app"
	"github.com/weftworks/weft/app/cluster"
)

// targetTimeout bounds reaching a cluster target's NATS servers.
const targetTimeout = 15 * time.Second

// TargetDeadLetters opens the dead letters of a Studio deploy target, for
// app.WatchDeadLetters: a cluster target's dead-letter stream, or the
// dead-letter endpoint of a folder target's runner (its RunnerURL, a
// loopback ops address). A folder target without a runner URL has none
// to see: nil.
func TargetDeadLetters(t app.DeployTarget) (app.DeadLetterSource, error) {
	switch {
	case t.Kind == app.TargetCluster:
		ctx, cancel := context.WithTimeout(context.Background(), targetTimeout)
		defer cancel()
		c, err := cluster.Connect(ctx, cluster.Config{URL: t.Cluster, BundleBucket: t.BundleBucket, Name: "weft studio"})
		if err != nil {
			return nil, err
		}
		return c, nil
	case t.RunnerURL != "":
		return NewRemote(t.RunnerURL), nil
	}
	return nil, nil
}

var _ app.OpenDeadLetters = TargetDeadLetters

package queue

import (
	"sync"

	"github.com/twmb/franz-go/pkg/kgo"
)

// offsets tracks, per partition, the records a consumer emitted and
// whether each has finished, so that an offset is committed only once
// every record before it in its partition has finished: records finish
// out of order, a commit covers everything before it.
type offsets struct {
	mu    sync.Mutex
	parts map[string]map[int32]*partition
	mark  func(map[string]map[int32]kgo.EpochOffset)
}

// partition is the records of one partition still waiting, oldest first.
// A partition revoked in a rebalance is dropped: later outcomes of its
// records mark nothing, the new owner starts from the last commit.
type partition struct {
	pending []*pendingRecord
	dropped bool
}

type pendingRecord struct {
	offset int64
	epoch  int32
	state  int
}

// States of a pending record.
const (
	recordOpen = iota
	recordFinished
	recordBlocked // cancelled: never committed, nor anything after it
)

func newOffsets(mark func(map[string]map[int32]kgo.EpochOffset)) *offsets {
	return &offsets{parts: map[string]map[int32]*partition{}, mark: mark}
}

// add registers r as emitted and returns the function that reports its
// end: commit false blocks the partition at r.
func (o *offsets) add(r *kgo.Record) func(commit bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	byPart := o.parts[r.Topic]
	if byPart == nil {
		byPart = map[int32]*partition{}
		o.parts[r.Topic] = byPart
	}
	p := byPart[r.Partition]
	if p == nil {
		p = &partition{}
		byPart[r.Partition] = p
	}
	pr := &pendingRecord{offset: r.Offset, epoch: r.LeaderEpoch}
	p.pending = append(p.pending, pr)
	topic, part := r.Topic, r.Partition
	return func(commit bool) { o.finish(topic, part, p, pr, commit) }
}

func (o *offsets) finish(topic string, part int32, p *partition, pr *pendingRecord, commit bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	pr.state = recordFinished
	if !commit {
		pr.state = recordBlocked
	}
	var last *pendingRecord
	for len(p.pending) > 0 && p.pending[0].state == recordFinished {
		last = p.pending[0]
		p.pending = p.pending[1:]
	}
	if last != nil && !p.dropped {
		o.mark(map[string]map[int32]kgo.EpochOffset{topic: {part: {Epoch: last.epoch, Offset: last.offset + 1}}})
	}
}

// drop forgets the partitions of a revoked or lost assignment.
func (o *offsets) drop(revoked map[string][]int32) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for topic, parts := range revoked {
		for _, part := range parts {
			if p := o.parts[topic][part]; p != nil {
				p.dropped = true
				delete(o.parts[topic], part)
			}
		}
	}
}

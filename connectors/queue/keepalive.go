package queue

import (
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// keepalive tells the server, every half ack wait, that the JetStream
// messages still in the flow are being worked on, so that a slow flow (a
// batch with a long window, a rate limit) is not handed them again.
type keepalive struct {
	mu   sync.Mutex
	msgs map[jetstream.Msg]struct{}
	stop chan struct{}
	once sync.Once
}

// newKeepalive starts the ticks; end them with close.
func newKeepalive(ackWait time.Duration) *keepalive {
	k := &keepalive{msgs: map[jetstream.Msg]struct{}{}, stop: make(chan struct{})}
	go k.loop(max(ackWait/2, 100*time.Millisecond))
	return k
}

func (k *keepalive) loop(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-k.stop:
			return
		case <-t.C:
			k.mu.Lock()
			for m := range k.msgs {
				_ = m.InProgress() // a lost one means a redelivery: at-least-once
			}
			k.mu.Unlock()
		}
	}
}

func (k *keepalive) add(m jetstream.Msg) {
	k.mu.Lock()
	k.msgs[m] = struct{}{}
	k.mu.Unlock()
}

func (k *keepalive) remove(m jetstream.Msg) {
	k.mu.Lock()
	delete(k.msgs, m)
	k.mu.Unlock()
}

func (k *keepalive) close() { k.once.Do(func() { close(k.stop) }) }

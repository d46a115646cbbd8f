package queue_test

import (
	"fmt"

	"github.com/weftworks/weft/connectors/queue"
	"github.com/weftworks/weft/engine/registry"
)

// Register adds the queue node types to a registry; a flow then uses
// them by type, configured by name: a credential, a server URL or
// brokers, and the subject, stream or topic.
func ExampleRegister() {
	reg := registry.New()
	if err := queue.Register(reg); err != nil {
		panic(err)
	}
	for _, s := range reg.Specs() {
		fmt.Println(s.Category, s.Type)
	}
	// Output:
	// trigger queue.jetstreamConsume
	// trigger queue.kafkaConsume
	// trigger queue.natsSubscribe
	// action queue.kafkaProduce
	// action queue.natsPublish
}

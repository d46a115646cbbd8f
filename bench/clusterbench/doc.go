// Command clusterbench measures weft serve --cluster at N = 1, 2 and 3
// runners on one embedded three-node JetStream cluster: each round starts
// N runners serving one bundle (webhook, respond accepted → an HTTP
// request to a sink this program serves), posts M messages spread over
// the runners from C clients, and times them from the first post until the
// sink has every one. It prints messages per second, the ratio to N = 1
// measured in the same run, and CPU time per message: the runners' (read
// from /proc) and this process's (the NATS servers, the clients, the
// sink).
//
//	make bench-cluster              # go run ./bench/clusterbench -weft bin/weft
//
// It imports app/cluster/clustertest (nats-server) and nothing imports it.
package main

package retry_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/weftworks/weft/engine/retry"
)

func ExamplePolicy_Do() {
	p := retry.Policy{Attempts: 5, Initial: time.Millisecond}
	err := p.Do(context.Background(), func(_ context.Context, attempt int) error {
		fmt.Println("attempt", attempt)
		switch attempt {
		case 1:
			return errors.New("connection refused") // retried
		case 2:
			return retry.After(errors.New("429 Too Many Requests"), time.Millisecond) // waits at least 1ms
		default:
			return retry.Permanent(errors.New("400 Bad Request")) // not retried
		}
	})
	fmt.Println(err)
	// Output:
	// attempt 1
	// attempt 2
	// attempt 3
	// 400 Bad Request
}

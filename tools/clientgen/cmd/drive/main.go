// Command drive runs the generated Go clients against the live examples:
// every call's answer is decoded with the generated types (ogen's client
// also validates each response against its schema), and every answer must
// be the one the scenario expects. It exits non-zero on the first surprise.
//
//	drive -users http://127.0.0.1:8081 -todo http://127.0.0.1:8082
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"
)

func main() {
	users := flag.String("users", "", "base URL of the users example")
	todo := flag.String("todo", "", "base URL of the todo example")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	steps := 0
	for _, run := range []struct {
		name, url string
		fn        func(context.Context, string) (int, error)
	}{
		{"users (ogen)", *users, driveUsersOgen},
		{"users (oapi-codegen)", *users, driveUsersOapi},
		{"todo (ogen)", *todo, driveTodoOgen},
	} {
		if run.url == "" {
			continue
		}
		n, err := run.fn(ctx, run.url)
		if err != nil {
			fmt.Fprintf(os.Stderr, "drive: %s: %v\n", run.name, err)
			os.Exit(1)
		}
		fmt.Printf("drive: %s: %d calls answered as expected\n", run.name, n)
		steps += n
	}
	if steps == 0 {
		fmt.Fprintln(os.Stderr, "drive: give -users and/or -todo")
		os.Exit(2)
	}
}

// expect fails unless got has type T, and returns it.
func expect[T any](step string, got any, err error) (T, error) {
	var zero T
	if err != nil {
		return zero, fmt.Errorf("%s: %w", step, err)
	}
	v, ok := got.(T)
	if !ok {
		return zero, fmt.Errorf("%s: answered %T, want %T", step, got, zero)
	}
	return v, nil
}

package fakes_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/starling-http/starling/fakes"
)

// Signup is a request body, as an app declares it.
type Signup struct {
	Email string `json:"email" validate:"required,format=email,maxLength=60"`
	Name  string `json:"name" validate:"required,minLength=1,maxLength=40"`
	Age   int    `json:"age" validate:"minimum=18,maximum=120"`
	Plan  string `json:"plan" validate:"required,enum=free|pro"`
}

// Make a valid value (with a fixed seed, so the output is stable), pin a
// field, and list the variants a handler must refuse.
func Example() {
	t := &testing.T{} // in a test, use the test's own t (and leave Seed out)
	in := fakes.Make[Signup](t, fakes.Seed(7), fakes.Set("Plan", "pro"))
	fmt.Printf("%s\n", fakes.JSON(t, in))

	for _, v := range fakes.Invalid[Signup](t, fakes.Seed(7))[:4] {
		fmt.Printf("%-18s %s\n", v.Name, v.JSON)
	}
	// Output:
	// {"email":"gerald.gerlach@financialvalue-added.org","name":"Maria Lewis","age":18,"plan":"pro"}
	// (body) type        []
	// /email required    {"name":"Maria Lewis","age":18,"plan":"pro"}
	// /email type        {"email":12345,"name":"Maria Lewis","age":18,"plan":"pro"}
	// /email maxLength   {"email":"tivrqt05wmpn4hxcj959@arnq5z9o.rmhjp.v9ksze152w7.rjocskcwnthjr","name":"Maria Lewis","age":18,"plan":"pro"}
}

// A fake store behind an application's own store interface: embed
// fakes.Store and adapt the methods whose shapes differ.
func Example_store() {
	type User struct {
		ID    int64
		Email string
	}
	ctx := context.Background()
	users := fakes.NewStore[int64, User]()
	ids := fakes.NewSequence[int64](1)

	u := User{ID: ids.Next(), Email: "ada@example.com"}
	_ = users.Create(ctx, u.ID, u)
	users.FailNext(errors.New("disk full"))
	_, err := users.Get(ctx, u.ID)
	fmt.Println(err, users.Len())
	got, err := users.Get(ctx, u.ID)
	fmt.Println(got.Email, err)
	// Output:
	// disk full 1
	// ada@example.com <nil>
}

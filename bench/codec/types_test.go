package codec_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/starling-http/starling/internal/codec"
	"github.com/starling-http/starling/internal/plan"
)

// This package is in the bench module so that the peers it compares the
// codec with never enter the library's go.mod. It may import the root
// module's internal packages: Go's internal rule is by import path, and
// github.com/starling-http/starling/bench/codec is below
// github.com/starling-http/starling.

// CreateUser is the users create body of the benchmarks.
type CreateUser struct {
	Email    string   `json:"email" validate:"required,format=email"`
	Password string   `json:"password" validate:"required,minLength=8,maxLength=72"`
	Name     string   `json:"name" validate:"required,minLength=1,maxLength=100"`
	Age      int      `json:"age" validate:"minimum=0,maximum=150"`
	Tags     []string `json:"tags" validate:"maxItems=10"`
}

// UserOut is the users response of the benchmarks.
type UserOut struct {
	ID        int64     `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Age       int       `json:"age"`
	Tags      []string  `json:"tags"`
	CreatedAt time.Time `json:"created_at"`
}

func compile[T any](tb testing.TB) *plan.Type {
	tb.Helper()
	p, err := plan.NewCompiler().Compile(reflect.TypeFor[T]())
	if err != nil {
		tb.Fatalf("compile %v: %v", reflect.TypeFor[T](), err)
	}
	if err := codec.Prepare(p); err != nil {
		tb.Fatalf("prepare %v: %v", reflect.TypeFor[T](), err)
	}
	return p
}

// CreateUserPlain is CreateUser without rules: Starling decodes it without
// validation.
type CreateUserPlain struct {
	Email    string   `json:"email"`
	Password string   `json:"password"`
	Name     string   `json:"name"`
	Age      int      `json:"age"`
	Tags     []string `json:"tags"`
}

// Todo is the todo example's body, with its rules.
type Todo struct {
	ID        int64           `json:"id"`
	ListID    int64           `json:"list_id"`
	Title     string          `json:"title" validate:"required,minLength=1,maxLength=200"`
	Notes     string          `json:"notes" validate:"maxLength=2000"`
	Status    string          `json:"status,omitempty" validate:"enum=open|done"`
	Priority  string          `json:"priority,omitempty" validate:"enum=low|normal|high"`
	Due       *Due            `json:"due"`
	Checklist []ChecklistItem `json:"checklist" validate:"maxItems=20"`
	CreatedAt time.Time       `json:"created_at"`
	UpdatedAt time.Time       `json:"updated_at"`
}

// Due is when a todo is due.
type Due struct {
	Date     string     `json:"date" validate:"required,format=date"`
	Reminder *time.Time `json:"reminder"`
}

// ChecklistItem is one step of a todo.
type ChecklistItem struct {
	Text string `json:"text" validate:"required,minLength=1,maxLength=200"`
	Done bool   `json:"done"`
}

// TodoPlain is Todo without rules.
type TodoPlain struct {
	ID        int64                `json:"id"`
	ListID    int64                `json:"list_id"`
	Title     string               `json:"title"`
	Notes     string               `json:"notes"`
	Status    string               `json:"status,omitempty"`
	Priority  string               `json:"priority,omitempty"`
	Due       *DuePlain            `json:"due"`
	Checklist []ChecklistItemPlain `json:"checklist"`
	CreatedAt time.Time            `json:"created_at"`
	UpdatedAt time.Time            `json:"updated_at"`
}

// DuePlain is Due without rules.
type DuePlain struct {
	Date     string     `json:"date"`
	Reminder *time.Time `json:"reminder"`
}

// ChecklistItemPlain is ChecklistItem without rules.
type ChecklistItemPlain struct {
	Text string `json:"text"`
	Done bool   `json:"done"`
}

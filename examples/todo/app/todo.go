package app

import (
	"fmt"
	"time"

	"github.com/starling-http/starling/framework"
)

// Status is where a todo stands. Its values are listed, for the document
// and the decoder, in the enum rule of every field of this type.
type Status string

// The statuses of a todo.
const (
	StatusOpen Status = "open"
	StatusDone Status = "done"
)

// Priority is how much a todo matters. Like Status, its values are the enum
// rule of every field of this type.
type Priority string

// The priorities of a todo.
const (
	PriorityLow    Priority = "low"
	PriorityNormal Priority = "normal"
	PriorityHigh   Priority = "high"
)

// Todo is one thing to do, in one list (many todos to one list), as the
// store keeps it and as it travels. Status and priority may be left out of
// a new todo: they default to open and normal.
type Todo struct {
	ID        int64           `json:"id"`
	ListID    int64           `json:"list_id" doc:"The list the todo belongs to."`
	Title     string          `json:"title" validate:"required,minLength=1,maxLength=200"`
	Notes     string          `json:"notes" validate:"maxLength=2000"`
	Status    Status          `json:"status,omitempty" validate:"enum=open|done" doc:"open when left out of a new todo. A todo is done only when its checklist is (422 otherwise)."`
	Priority  Priority        `json:"priority,omitempty" validate:"enum=low|normal|high" doc:"normal when left out of a new todo."`
	Due       *Due            `json:"due" doc:"When the todo is due; null for never. PATCH with null clears it."`
	Checklist []ChecklistItem `json:"checklist" validate:"maxItems=20"`
	CreatedAt time.Time       `json:"created_at"`
	UpdatedAt time.Time       `json:"updated_at"`
}

// Due is when a todo is due, and when to be reminded of it.
type Due struct {
	Date     string     `json:"date" validate:"required,format=date" doc:"The day the todo is due."`
	Reminder *time.Time `json:"reminder" doc:"When to remind; null for no reminder."`
}

// ChecklistItem is one step of a todo.
type ChecklistItem struct {
	Text string `json:"text" validate:"required,minLength=1,maxLength=200"`
	Done bool   `json:"done"`
}

// TodoDTO is Todo on the wire, in both directions: the server's fields are
// read-only (the list comes from the path, not the body), and unknown
// properties are refused. A PATCH body, framework.Partial[Todo], derives
// from it too, so a partial update can no more set an id than a create can.
var TodoDTO = framework.DTO[Todo](
	framework.ReadOnly("ID", "ListID", "CreatedAt", "UpdatedAt"),
	framework.ForbidUnknown(),
)

// OpenChecklistError is returned when a todo would be done while items of
// its checklist are not: a request that is well-formed but breaks a rule of
// the domain, hence 422 rather than 400.
type OpenChecklistError struct{ Open int }

// Error implements error.
func (e *OpenChecklistError) Error() string {
	return fmt.Sprintf("the todo cannot be done while %d checklist item(s) are open", e.Open)
}

// withDefaults fills what a new todo may leave out.
func (t Todo) withDefaults() Todo {
	if t.Status == "" {
		t.Status = StatusOpen
	}
	if t.Priority == "" {
		t.Priority = PriorityNormal
	}
	return t
}

// check enforces the rule that JSON Schema cannot say: a done todo has no
// open checklist item.
func (t Todo) check() error {
	if t.Status != StatusDone {
		return nil
	}
	open := 0
	for _, it := range t.Checklist {
		if !it.Done {
			open++
		}
	}
	if open > 0 {
		return &OpenChecklistError{Open: open}
	}
	return nil
}

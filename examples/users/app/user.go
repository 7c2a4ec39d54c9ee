package app

import (
	"time"

	"github.com/starling-http/starling/framework"
)

// User is the domain model as the store keeps it.
type User struct {
	ID           int64     `json:"id"`
	Email        string    `json:"email"`
	Name         string    `json:"name"`
	Age          int       `json:"age"`
	Tags         []string  `json:"tags"`
	Bio          *string   `json:"bio"`
	PasswordHash []byte    `json:"password_hash"`
	CreatedAt    time.Time `json:"created_at"`
}

// CreateUser is the body of POST /users.
//
// Text fields refuse NUL (pattern ^[^\x00]*$): it is valid JSON, but
// PostgreSQL cannot store it in text, and the document should say so rather
// than one store answering 400 and another 201.
type CreateUser struct {
	Email    string   `json:"email" validate:"required,format=email,maxLength=254"`
	Password string   `json:"password" validate:"required,minLength=8,maxLength=72"`
	Name     string   `json:"name" validate:"required,minLength=1,maxLength=100,pattern=^[^\x00]*$"`
	Age      int      `json:"age" validate:"minimum=0,maximum=150"`
	Tags     []string `json:"tags,omitempty" validate:"maxItems=10,uniqueItems,dive,minLength=1,maxLength=32,pattern=^[^\x00]*$"`
}

// UpdateUser is what PATCH /users/{user_id} may change; every field is
// optional there, and an explicit null clears the bio.
type UpdateUser struct {
	Name string   `json:"name" validate:"minLength=1,maxLength=100,pattern=^[^\x00]*$"`
	Age  int      `json:"age" validate:"minimum=0,maximum=150"`
	Tags []string `json:"tags" validate:"maxItems=10,uniqueItems,dive,minLength=1,maxLength=32,pattern=^[^\x00]*$"`
	Bio  *string  `json:"bio" validate:"maxLength=500,pattern=^[^\x00]*$"`
}

// PublicUser is how a user leaves the service: never with its password hash.
var PublicUser = framework.DTO[User](framework.Name("User"), framework.Exclude("PasswordHash"))

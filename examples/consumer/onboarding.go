package consumer

import (
	"context"
	"fmt"
)

// Onboarding signs new people up with the users API and greets them by
// what the API says about them.
type Onboarding struct {
	Users *Client
}

// Join signs a person up, logs them in, reads their user back and returns
// the greeting: the flow whose interactions the users API must keep.
func (o *Onboarding) Join(ctx context.Context, email, name, password string) (string, error) {
	made, err := o.Users.SignUp(ctx, email, name, password)
	if err != nil {
		return "", fmt.Errorf("joining: %w", err)
	}
	token, err := o.Users.Login(ctx, email, password)
	if err != nil {
		return "", fmt.Errorf("joining: %w", err)
	}
	u, err := o.Users.User(ctx, token, made.ID)
	if err != nil {
		return "", fmt.Errorf("joining: %w", err)
	}
	return fmt.Sprintf("Welcome, %s <%s>", u.Name, u.Email), nil
}

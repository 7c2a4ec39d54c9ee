package app_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/gavv/httpexpect/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/starling-http/starling/apitest"
	"github.com/starling-http/starling/examples/users/app"
)

// TestListUsersPaging walks the users a window at a time: each page holds
// the users its offset and limit select, in the order asked for, and echoes
// that offset and limit, with the total of all users, so that a client can
// ask for the next one.
func TestListUsersPaging(t *testing.T) {
	t.Parallel()
	api := newUsersAPI(t)
	var ids []int64
	var token string
	var created []time.Time
	for range 5 {
		_, u, tok := signUp(t, api)
		ids = append(ids, u.ID)
		created = append(created, u.CreatedAt)
		token = tok
		// created_at is kept to the millisecond: a pause makes each user's
		// distinct, so that ordering by it is not ordering by id's tie-break.
		time.Sleep(2 * time.Millisecond)
	}
	// Equal times would let the created_at rows below pass by the tie-break.
	for i := 1; i < len(created); i++ {
		require.True(t, created[i].After(created[i-1]), "creation times not increasing: %v", created)
	}
	authed := api.Builder(func(r *httpexpect.Request) { r.WithHeader("Authorization", bearer(token)) })

	for _, tt := range []struct {
		name          string
		offset, limit int
		sort          string
		want          []int64
	}{
		{"first page", 0, 2, "id", ids[0:2]},
		{"middle page", 2, 2, "id", ids[2:4]},
		{"last page, short", 4, 2, "id", ids[4:5]},
		{"past the end", 5, 2, "id", nil},
		{"descending", 1, 3, "-id", []int64{ids[3], ids[2], ids[1]}},
		{"oldest first", 0, 3, "created_at", ids[0:3]},
		{"newest first", 0, 3, "-created_at", []int64{ids[4], ids[3], ids[2]}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			page := apitest.Decode[app.Page[app.User]](t, authed.GET("/users").
				WithQuery("offset", tt.offset).WithQuery("limit", tt.limit).WithQuery("sort", tt.sort).
				Expect().Status(http.StatusOK))
			var got []int64
			for _, u := range page.Items {
				got = append(got, u.ID)
			}
			assert.Equal(t, tt.want, got)
			assert.Equal(t, 5, page.Total, "total")
			assert.Equal(t, tt.offset, page.Offset, "offset")
			assert.Equal(t, tt.limit, page.Limit, "limit")
		})
	}
}

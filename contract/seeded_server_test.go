package contract_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// seededAuth is the only credential seededServer accepts.
const seededAuth = "Bearer good"

// seededStore holds what the lifecycle operations create.
type seededStore struct {
	mu    sync.Mutex
	next  int
	tags  map[string]string
	notes map[string]string
}

func (s *seededStore) add(m map[string]string, prefix, v string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next++
	id := prefix + strconv.Itoa(s.next)
	m[id] = v
	return id
}

func (s *seededStore) get(m map[string]string, id string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := m[id]
	return v, ok
}

func (s *seededStore) remove(m map[string]string, id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := m[id]
	delete(m, id)
	return ok
}

// seededServer serves seededDoc with one seeded bug per bug operation.
// Requests go through strictServer, which refuses what the document
// refuses, except that its copy of the document has no maximum for an
// account's age: that is the accepted-invalid-input bug.
func seededServer(t testing.TB) http.Handler {
	t.Helper()
	st := &seededStore{tags: map[string]string{}, notes: map[string]string{}}
	mux := http.NewServeMux()
	guarded := func(h http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Authorization") != seededAuth {
				fail(w, http.StatusUnauthorized)
				return
			}
			h(w, r)
		}
	}
	query := func(r *http.Request, name string) int { n, _ := strconv.Atoi(r.URL.Query().Get(name)); return n }

	// Controls.
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"status": "ok"})
	})
	mux.HandleFunc("GET /echo", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"n": query(r, "n")})
	})
	mux.HandleFunc("GET /me", guarded(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"name": "me"})
	}))
	mux.HandleFunc("POST /tags", func(w http.ResponseWriter, r *http.Request) {
		name, _ := jsonBody(r)["name"].(string)
		writeJSON(w, http.StatusCreated, map[string]any{"id": st.add(st.tags, "t", name), "name": name})
	})
	mux.HandleFunc("GET /tags/{id}", func(w http.ResponseWriter, r *http.Request) {
		name, ok := st.get(st.tags, r.PathValue("id"))
		if !ok {
			fail(w, http.StatusNotFound)
			return
		}
		w.Header().Set("ETag", `"t"`)
		writeJSON(w, http.StatusOK, map[string]any{"id": r.PathValue("id"), "name": name})
	})
	mux.HandleFunc("DELETE /tags/{id}", func(w http.ResponseWriter, r *http.Request) {
		if !st.remove(st.tags, r.PathValue("id")) {
			fail(w, http.StatusNotFound)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})

	// Bugs.
	mux.HandleFunc("GET /divide", func(w http.ResponseWriter, r *http.Request) {
		by := query(r, "by")
		if by == 0 {
			fail(w, http.StatusInternalServerError)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"result": 100 / float64(by)})
	})
	mux.HandleFunc("GET /crash", func(w http.ResponseWriter, r *http.Request) {
		n := query(r, "n")
		if n >= 60 {
			panic(http.ErrAbortHandler) // drops the connection, as a crash does
		}
		writeJSON(w, http.StatusOK, map[string]any{"n": n})
	})
	mux.HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done(): // the probe gave up: do not hold the server open
			return
		case <-time.After(10 * time.Second):
		}
		writeJSON(w, http.StatusOK, map[string]any{})
	})
	mux.HandleFunc("POST /accounts", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusCreated, map[string]any{"id": "a1"})
	})
	mux.HandleFunc("GET /profiles/{id}", func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.Atoi(r.PathValue("id"))
		p := map[string]any{"id": id, "email": "p@example.com"}
		if id >= 500 {
			delete(p, "email")
		}
		writeJSON(w, http.StatusOK, p)
	})
	mux.HandleFunc("GET /prices/{sku}", func(w http.ResponseWriter, r *http.Request) {
		sku := r.PathValue("sku")
		var price any = 9.5
		if len(sku) > 6 {
			price = "9.50"
		}
		writeJSON(w, http.StatusOK, map[string]any{"sku": sku, "price": price})
	})
	mux.HandleFunc("GET /weather", func(w http.ResponseWriter, r *http.Request) {
		if len(r.URL.Query().Get("city")) > 20 {
			fail(w, http.StatusTeapot)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"celsius": 21.5})
	})
	mux.HandleFunc("GET /report", func(w http.ResponseWriter, r *http.Request) {
		days := query(r, "days")
		if days > 7 {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			_, _ = fmt.Fprintf(w, "days: %d\n", days)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"days": days})
	})
	mux.HandleFunc("GET /secrets", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"items": []string{"s1"}})
	})
	mux.HandleFunc("GET /vault/items", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"items": []string{}})
	})
	mux.HandleFunc("POST /notes", func(w http.ResponseWriter, r *http.Request) {
		text, _ := jsonBody(r)["text"].(string)
		writeJSON(w, http.StatusCreated, map[string]any{"id": st.add(st.notes, "n", text), "text": text})
	})
	mux.HandleFunc("GET /notes/{id}", func(w http.ResponseWriter, r *http.Request) {
		text, ok := st.get(st.notes, r.PathValue("id"))
		if !ok {
			fail(w, http.StatusNotFound)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"id": r.PathValue("id"), "text": text})
	})
	mux.HandleFunc("DELETE /notes/{id}", func(w http.ResponseWriter, r *http.Request) {
		if _, ok := st.get(st.notes, r.PathValue("id")); !ok {
			fail(w, http.StatusNotFound)
			return
		}
		w.WriteHeader(http.StatusNoContent) // and forgets to delete it
	})
	mux.HandleFunc("GET /files/{name}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("X-Debug-Path", "/srv/files/"+r.PathValue("name"))
		writeJSON(w, http.StatusOK, map[string]any{"name": r.PathValue("name"), "size": 3})
	})
	mux.HandleFunc("GET /users/{id}", func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.Atoi(r.PathValue("id"))
		writeJSON(w, http.StatusOK, map[string]any{"id": id, "name": "ann", "passwordHash": "x"})
	})

	lenient := strings.Replace(seededDoc, `"age": {"type": "integer", "minimum": 0, "maximum": 150}`, `"age": {"type": "integer", "minimum": 0}`, 1)
	if lenient == seededDoc {
		t.Fatal("seededServer: the age maximum to leave out is not in seededDoc")
	}
	return strictServer(t, lenient, nil, mux)
}

package contract_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// itemsServer is the items service of testdata/items.yaml written with
// plain net/http, with defects that can be switched on one at a time.
type itemsServer struct {
	defect string // "", or one of the defects below
	mu     sync.Mutex
	next   int
	items  map[int]item
}

// The seeded defects.
const (
	defectBoundary500   = "boundary-500"       // a name of exactly maxLength characters crashes
	defectAcceptInvalid = "accept-invalid"     // quantity is not range-checked
	defectUndocumented  = "undocumented-field" // GET /items/{id} leaks a field the document lacks
	defectNoGuard       = "no-guard"           // DELETE forgets its bearer token check
	defectDeleteNoop    = "delete-noop"        // DELETE answers 204 and keeps the item
)

const goodToken = "Bearer good-token"

type item struct {
	ID       int      `json:"id"`
	Name     string   `json:"name"`
	Quantity int      `json:"quantity"`
	Tags     []string `json:"tags"`
	Cost     *float64 `json:"internal_cost,omitempty"`
}

func newItemsServer(defect string) http.Handler {
	s := &itemsServer{defect: defect, items: map[int]item{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items", s.list)
	mux.HandleFunc("POST /items", s.create)
	mux.HandleFunc("GET /items/{id}", s.get)
	mux.HandleFunc("DELETE /items/{id}", s.delete)
	return mux
}

func problem(w http.ResponseWriter, status int, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"detail": detail})
}

func reply(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (s *itemsServer) list(w http.ResponseWriter, r *http.Request) {
	limit := 50
	if q := r.URL.Query()["limit"]; len(q) > 0 {
		n, err := strconv.Atoi(q[0])
		if err != nil || n < 1 || n > 50 {
			problem(w, 400, "limit: want an integer from 1 to 50")
			return
		}
		limit = n
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []item{}
	for id := 1; id <= s.next && len(out) < limit; id++ {
		if it, ok := s.items[id]; ok {
			out = append(out, it)
		}
	}
	reply(w, 200, out)
}

func (s *itemsServer) create(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Name     *string         `json:"name"`
		Quantity *int            `json:"quantity"`
		RawTags  json.RawMessage `json:"tags"`
		Tags     []string        `json:"-"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		problem(w, 400, "body: "+err.Error())
		return
	}
	if in.RawTags != nil { // null is not a list
		if err := json.Unmarshal(in.RawTags, &in.Tags); err != nil || in.Tags == nil {
			problem(w, 400, "tags: want a list")
			return
		}
	}
	if err := s.validate(in.Name, in.Quantity, in.Tags); err != "" {
		problem(w, 400, err)
		return
	}
	if s.defect == defectBoundary500 && utf8.RuneCountInString(*in.Name) == 10 {
		problem(w, 500, "index out of range [10] with length 10")
		return
	}
	s.mu.Lock()
	s.next++
	it := item{ID: s.next, Name: *in.Name, Quantity: *in.Quantity, Tags: in.Tags}
	if it.Tags == nil {
		it.Tags = []string{}
	}
	s.items[it.ID] = it
	s.mu.Unlock()
	w.Header().Set("Location", fmt.Sprintf("/items/%d", it.ID))
	reply(w, 201, it)
}

func (s *itemsServer) validate(name *string, qty *int, tags []string) string {
	var errs []string
	if name == nil {
		errs = append(errs, "name is required")
	} else if n := utf8.RuneCountInString(*name); n < 1 || n > 10 {
		errs = append(errs, "name: 1 to 10 characters")
	}
	if qty == nil {
		errs = append(errs, "quantity is required")
	} else if (*qty < 1 || *qty > 100) && s.defect != defectAcceptInvalid {
		errs = append(errs, "quantity: 1 to 100")
	}
	if len(tags) > 3 {
		errs = append(errs, "tags: at most 3")
	}
	for i, t := range tags {
		if !slices.Contains([]string{"red", "green", "blue"}, t) || slices.Index(tags, t) != i {
			errs = append(errs, "tags: red, green or blue, each once")
		}
	}
	return strings.Join(errs, "; ")
}

func (s *itemsServer) id(w http.ResponseWriter, r *http.Request) (int, bool) {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil || id < 1 {
		problem(w, 400, "id: want a positive integer")
		return 0, false
	}
	return id, true
}

func (s *itemsServer) get(w http.ResponseWriter, r *http.Request) {
	id, ok := s.id(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	it, found := s.items[id]
	s.mu.Unlock()
	if !found {
		problem(w, 404, "no such item")
		return
	}
	if s.defect == defectUndocumented {
		cost := 3.5
		it.Cost = &cost
	}
	reply(w, 200, it)
}

func (s *itemsServer) delete(w http.ResponseWriter, r *http.Request) {
	if s.defect != defectNoGuard && r.Header.Get("Authorization") != goodToken {
		problem(w, 401, "a valid bearer token is required")
		return
	}
	id, ok := s.id(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, found := s.items[id]; !found {
		problem(w, 404, "no such item")
		return
	}
	if s.defect != defectDeleteNoop {
		delete(s.items, id)
	}
	w.WriteHeader(204)
}

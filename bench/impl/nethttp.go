package impl

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/starling-http/starling/bench/workload"
)

// The net/http baseline: ServeMux patterns, encoding/json, hand-written
// validation. This is the floor a user could write without a framework.

type nethttpCreate struct {
	Email    *string  `json:"email"`
	Password *string  `json:"password"`
	Name     *string  `json:"name"`
	Age      int      `json:"age"`
	Tags     []string `json:"tags"`
}

type fieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (in *nethttpCreate) validate() []fieldError {
	var errs []fieldError
	switch {
	case in.Email == nil:
		errs = append(errs, fieldError{"email", "required"})
	case len(*in.Email) > workload.MaxEmail || !workload.ValidEmail(*in.Email):
		errs = append(errs, fieldError{"email", "must be an email address"})
	}
	if in.Password == nil {
		errs = append(errs, fieldError{"password", "required"})
	} else if n := utf8.RuneCountInString(*in.Password); n < workload.MinPassword || n > workload.MaxPassword {
		errs = append(errs, fieldError{"password", "must be 8 to 72 characters"})
	}
	if in.Name == nil {
		errs = append(errs, fieldError{"name", "required"})
	} else if n := utf8.RuneCountInString(*in.Name); n < workload.MinName || n > workload.MaxName {
		errs = append(errs, fieldError{"name", "must be 1 to 100 characters"})
	}
	if in.Age < workload.MinAge || in.Age > workload.MaxAge {
		errs = append(errs, fieldError{"age", "must be 0 to 150"})
	}
	if len(in.Tags) > workload.MaxTags {
		errs = append(errs, fieldError{"tags", "at most 10 items"})
	}
	return errs
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

type errorBody struct {
	Error  string       `json:"error"`
	Errors []fieldError `json:"errors,omitempty"`
}

// NewNetHTTP builds the hand-written net/http implementation.
func NewNetHTTP() (http.Handler, error) {
	store := workload.NewStore()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /users/{id}", func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil {
			writeJSON(w, http.StatusBadRequest, errorBody{Error: "id must be an integer"})
			return
		}
		u, ok := store.Get(id)
		if !ok {
			writeJSON(w, http.StatusNotFound, errorBody{Error: "user not found"})
			return
		}
		writeJSON(w, http.StatusOK, u)
	})
	mux.HandleFunc("POST /users", func(w http.ResponseWriter, r *http.Request) {
		var in nethttpCreate
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&in); err != nil {
			writeJSON(w, http.StatusBadRequest, errorBody{Error: "invalid JSON: " + err.Error()})
			return
		}
		if errs := in.validate(); len(errs) > 0 {
			writeJSON(w, http.StatusBadRequest, errorBody{Error: "validation failed", Errors: errs})
			return
		}
		writeJSON(w, http.StatusCreated, store.Create(*in.Email, *in.Name, in.Age, in.Tags))
	})
	mux.HandleFunc("GET /users", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, store.List())
	})
	mux.HandleFunc("GET /di", func(w http.ResponseWriter, r *http.Request) {
		a := workload.NewA(workload.NewB(workload.NewC()))
		writeJSON(w, http.StatusOK, a.Answer())
	})
	mux.HandleFunc("GET /plaintext", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, workload.Hello)
	})
	return mux, nil
}

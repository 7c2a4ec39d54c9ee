package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

const pingInteractions = `{"interactions":[{"operation":"GET /ping","request":{"method":"GET","path":"/ping"},
 "response":{"status":200,"body":{"ok":true},"required":["/ok"]}}]}`

func TestVerifyCommand(t *testing.T) {
	file := write(t, "interactions.json", pingInteractions)
	tests := []struct {
		name, body string
		code       int
		out        string
	}{
		{"satisfied", `{"ok":false}`, exitOK, "1 interactions, 0 failed"},
		{"field removed", `{}`, exitFindings, "/ok: missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(tt.body))
			}))
			defer srv.Close()
			code, out, errOut := cli("verify", "--interactions", file, "--url", srv.URL)
			if code != tt.code || !strings.Contains(out, tt.out) {
				t.Fatalf("exit %d, want %d; stdout:\n%s\nstderr:\n%s", code, tt.code, out, errOut)
			}
		})
	}
	if code, _, _ := cli("verify", "--url", "http://x"); code != exitUsage {
		t.Errorf("verify without --interactions: exit %d", code)
	}
}

func TestMockCommandRefusesBadDocuments(t *testing.T) {
	spec := write(t, "hooks.yaml", "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\nwebhooks: {x: {}}\n")
	code, _, errOut := cli("mock", "--spec", spec, "--addr", "127.0.0.1:0")
	if code != exitUsage || !strings.Contains(errOut, "#/webhooks") {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
}

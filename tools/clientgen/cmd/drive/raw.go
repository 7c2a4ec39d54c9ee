package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// rawProblem sends a request no generated client would send (a body of the
// wrong type or size) and decodes the answer with decode, the generated
// Problem type's decoder: the 413/415 answers must still be the documented
// problem.
func rawProblem(ctx context.Context, method, url, contentType string, body []byte, token string, want int, decode func([]byte) error) error {
	req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", contentType)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s: status %d, want %d: %s", method, url, resp.StatusCode, want, b)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		return fmt.Errorf("%s %s: Content-Type %q", method, url, ct)
	}
	if err := decode(b); err != nil {
		return fmt.Errorf("%s %s: the problem does not decode: %w", method, url, err)
	}
	return nil
}

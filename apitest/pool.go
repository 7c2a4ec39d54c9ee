package apitest

import (
	"fmt"
	"sync"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	"github.com/pb33f/libopenapi-validator/radix"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
)

// instance is one libopenapi-validator with a parse of the document of its
// own. Strict mode renders schemas and, doing so, writes into the model it
// was built from (libopenapi's DynamicValue keeps render flags on the
// value), so an instance serves one exchange at a time and nothing else
// reads its model.
type instance struct {
	model     *v3.Document
	validator validator.Validator
	// lean checks all the validator checks but bodies, for exchanges whose
	// bodies passed their precheck (see prechecks).
	lean validator.Validator
}

// parseModel parses raw into a document and its OpenAPI 3 model of its own.
func parseModel(raw []byte) (libopenapi.Document, *v3.Document, error) {
	doc, err := libopenapi.NewDocument(raw)
	if err != nil {
		return nil, nil, fmt.Errorf("parsing the document: %w", err)
	}
	m, err := doc.BuildV3Model()
	if err != nil {
		return nil, nil, fmt.Errorf("building the document's model: %w", err)
	}
	return doc, &m.Model, nil
}

// newInstance parses raw and builds a validator on it.
func newInstance(raw []byte) (*instance, error) {
	doc, model, err := parseModel(raw)
	if err != nil {
		return nil, err
	}
	tree := config.WithPathTree(radix.BuildPathTree(model))
	v := validator.NewValidatorFromV3Model(model, append(validationOptions(), tree)...)
	v.SetDocument(doc)
	lean := validator.NewValidatorFromV3Model(model, append(validationOptions(), tree,
		config.WithoutRequestBodyValidation(), config.WithoutResponseBodyValidation())...)
	lean.SetDocument(doc)
	return &instance{model: model, validator: v, lean: lean}, nil
}

// pathItem is the instance's own copy of the path item at path.
func (in *instance) pathItem(path string) *v3.PathItem {
	if in.model.Paths == nil {
		return nil
	}
	return in.model.Paths.PathItems.GetOrZero(path)
}

// pool lends instances of one document to the exchanges being checked, so
// parallel tests validate at once instead of taking turns on one validator.
// It grows to the number of exchanges checked at the same moment (at most
// the tests running in parallel) and keeps them: an instance costs a parse
// of the document, far more than the exchanges it then serves, so none is
// dropped (sync.Pool would drop them at every GC).
type pool struct {
	raw  []byte
	mu   sync.Mutex // guards free only, never held while validating
	free []*instance
}

// get lends an instance, building one when all are busy.
func (p *pool) get() (*instance, error) {
	p.mu.Lock()
	if n := len(p.free); n > 0 {
		in := p.free[n-1]
		p.free = p.free[:n-1]
		p.mu.Unlock()
		return in, nil
	}
	p.mu.Unlock()
	return newInstance(p.raw)
}

// put returns an instance lent by get.
func (p *pool) put(in *instance) {
	p.mu.Lock()
	p.free = append(p.free, in)
	p.mu.Unlock()
}

// size is the number of instances built so far and idle now.
func (p *pool) size() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.free)
}

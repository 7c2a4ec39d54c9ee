package plan_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/starling-http/starling/internal/plan"
)

type Address struct {
	Street string `json:"street" validate:"required,maxLength=80"`
	Zip    string `json:"zip"`
}

type User struct {
	ID           int64
	Email        string `json:"email" validate:"required,format=email"`
	PasswordHash []byte
	CreatedAt    time.Time
	Address      Address   `json:"address"`
	Billing      *Address  `json:"billing,omitempty"`
	Previous     []Address `json:"previous"`
	Tags         []string  `json:"tags"`
}

func wires(p *plan.Type) string {
	var w []string
	for _, f := range p.Fields {
		w = append(w, f.Wire)
	}
	return strings.Join(w, ",")
}

func dto(t *testing.T, c *plan.Compiler, cfg plan.DTOConfig) *plan.Type {
	t.Helper()
	p, err := c.CompileDTO(reflect.TypeFor[User](), cfg)
	if err != nil {
		t.Fatalf("CompileDTO(%+v): %v", cfg, err)
	}
	return p
}

func TestDTOOptions(t *testing.T) {
	tests := []struct {
		name string
		cfg  plan.DTOConfig
		want string // wire names of the root
		addr string // wire names of the address plan
	}{
		{"none", plan.DTOConfig{}, "ID,email,PasswordHash,CreatedAt,address,billing,previous,tags", "street,zip"},
		{"exclude", plan.DTOConfig{Exclude: []string{"PasswordHash", "Address.Zip"}}, "ID,email,CreatedAt,address,billing,previous,tags", "street"},
		{"include", plan.DTOConfig{Include: []string{"ID", "Email", "Address.Zip"}}, "ID,email,address", "zip"},
		{"include whole", plan.DTOConfig{Include: []string{"ID", "Address"}}, "ID,address", "street,zip"},
		{"private", plan.DTOConfig{Private: []string{"PasswordHash", "CreatedAt"}}, "ID,email,address,billing,previous,tags", "street,zip"},
		{"rename", plan.DTOConfig{Rename: map[string]string{"ID": "user_id", "Address.Street": "line1"}}, "user_id,email,PasswordHash,CreatedAt,address,billing,previous,tags", "line1,zip"},
		{"camel", plan.DTOConfig{Strategy: plan.RenameCamel, Exclude: []string{"PasswordHash"}}, "id,email,createdAt,address,billing,previous,tags", "street,zip"},
		{"snake", plan.DTOConfig{Strategy: plan.RenameSnake}, "id,email,password_hash,created_at,address,billing,previous,tags", "street,zip"},
		{"pascal+rename", plan.DTOConfig{Strategy: plan.RenamePascal, Rename: map[string]string{"CreatedAt": "created"}}, "Id,Email,PasswordHash,created,Address,Billing,Previous,Tags", "Street,Zip"},
		{"upper", plan.DTOConfig{Strategy: plan.RenameUpper, Include: []string{"CreatedAt", "Address"}}, "CREATEDAT,ADDRESS", "STREET,ZIP"},
		{"kebab", plan.DTOConfig{Strategy: plan.RenameKebab, Include: []string{"PasswordHash"}}, "password-hash", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := dto(t, plan.NewCompiler(), tt.cfg)
			if got := wires(p); got != tt.want {
				t.Errorf("root wires = %s, want %s", got, tt.want)
			}
			for _, f := range p.Fields {
				if f.GoName == "Address" {
					if got := wires(f.Type); got != tt.addr {
						t.Errorf("address wires = %s, want %s", got, tt.addr)
					}
				}
			}
		})
	}
}

func TestDTOReadWriteOnlyPartialForbid(t *testing.T) {
	c := plan.NewCompiler()
	p := dto(t, c, plan.DTOConfig{
		Name: "PublicUser", ReadOnly: []string{"ID", "CreatedAt"}, WriteOnly: []string{"PasswordHash"},
		ForbidUnknown: true, MaxDepth: 5,
	})
	if p.Name != "PublicUser" || !p.DTO || p.Unknown != plan.UnknownForbid || p.MaxDepth != 5 || p.Partial {
		t.Fatalf("root = %q dto %v unknown %v depth %d partial %v", p.Name, p.DTO, p.Unknown, p.MaxDepth, p.Partial)
	}
	id := field(t, p, "ID")
	if !id.ReadOnly || id.WriteOnly {
		t.Error("ID not read-only")
	}
	if f := field(t, p, "PasswordHash"); !f.WriteOnly || f.ReadOnly {
		t.Error("PasswordHash not write-only")
	}
	if f := field(t, p, "email"); !f.Required || f.Rules.Format != plan.FormatEmail {
		t.Errorf("email = %+v", f)
	}
	addr := field(t, p, "address").Type
	if addr.Name != "PublicUserAddress" || addr.Unknown != plan.UnknownForbid || !addr.DTO || addr.MaxDepth != 5 {
		t.Errorf("address = %q %v", addr.Name, addr.Unknown)
	}
	if field(t, p, "billing").Type.Elem != addr || field(t, p, "previous").Type.Elem != addr {
		t.Error("equal nested derivations are not shared")
	}
	if f := field(t, addr, "street"); !f.Required || *f.Rules.MaxLength != 80 {
		t.Errorf("street = %+v", f)
	}

	patch := dto(t, c, plan.DTOConfig{Name: "UserPatch", Partial: true})
	if !patch.Partial || patch.Name != "UserPatch" {
		t.Fatal("not partial")
	}
	for _, f := range patch.Fields {
		if f.Required {
			t.Errorf("%s required in a partial DTO", f.Wire)
		}
	}
	pa := field(t, patch, "address").Type
	if !pa.Partial || pa.Name != "UserPatchAddress" || field(t, pa, "street").Required || field(t, pa, "street").Rules.MaxLength == nil {
		t.Errorf("nested partial = %+v", pa)
	}

	// read-only and write-only fields are never required
	ro := dto(t, c, plan.DTOConfig{ReadOnly: []string{"Email"}})
	if f := field(t, ro, "email"); f.Required || !f.ReadOnly {
		t.Errorf("read-only email = %+v", f)
	}
}

func TestDTOIdentityAndCaching(t *testing.T) {
	c := plan.NewCompiler()
	plain, _ := c.Compile(reflect.TypeFor[User]())
	if dto(t, c, plan.DTOConfig{}) != plain {
		t.Error("an empty unnamed DTO must be the plain plan")
	}
	cfg := plan.DTOConfig{Exclude: []string{"PasswordHash"}, Strategy: plan.RenameCamel}
	a := dto(t, c, cfg)
	b := dto(t, c, plan.DTOConfig{Exclude: []string{"PasswordHash"}, Strategy: plan.RenameCamel})
	if a != b {
		t.Error("equal configurations gave different plans")
	}
	if a.Name != "User" || !a.DTO || a == plain {
		t.Errorf("default name = %q", a.Name)
	}
	named := dto(t, c, plan.DTOConfig{Name: "Same"})
	if named == plain || named.Name != "Same" || field(t, named, "address").Type != field(t, plain, "address").Type {
		t.Error("a named DTO that changes nothing below the root should share nested plain plans")
	}
	// nested types the config does not touch keep their plain plan
	ex := dto(t, c, plan.DTOConfig{Exclude: []string{"PasswordHash"}})
	if field(t, ex, "address").Type != field(t, plain, "address").Type {
		t.Error("untouched nested type was derived")
	}
	// an explicit name cannot be reused for another configuration
	if _, err := c.CompileDTO(reflect.TypeFor[User](), plan.DTOConfig{Name: "Same", Partial: true}); err == nil || !strings.Contains(err.Error(), `the name "Same" is already used`) {
		t.Errorf("err = %v", err)
	}
}

type Order struct {
	Shipping Address `json:"shipping"`
	Billing  Address `json:"billing"`
	Lines    []Line  `json:"lines"`
}

type Line struct {
	SKU   string `json:"sku"`
	Cost  int    `json:"cost"`
	Order *Order `json:"order,omitempty"`
}

func TestDTODerivedNames(t *testing.T) {
	c := plan.NewCompiler()
	p, err := c.CompileDTO(reflect.TypeFor[Order](), plan.DTOConfig{
		Name: "OrderOut", Exclude: []string{"Billing.Zip", "Lines.Cost"}, Strategy: plan.RenameCamel,
	})
	if err != nil {
		t.Fatal(err)
	}
	ship, bill := field(t, p, "shipping").Type, field(t, p, "billing").Type
	if ship.Name != "OrderOutAddress" || bill.Name != "OrderOutBillingAddress" || ship == bill {
		t.Errorf("names = %q %q", ship.Name, bill.Name)
	}
	if wires(bill) != "street" || wires(ship) != "street,zip" {
		t.Errorf("wires = %s / %s", wires(bill), wires(ship))
	}
	line := field(t, p, "lines").Type.Elem
	if line.Name != "OrderOutLine" || wires(line) != "sku,order" {
		t.Errorf("line = %q %s", line.Name, wires(line))
	}
	// the recursion back to Order has an empty sub-configuration: a derived
	// Order that recurses into itself
	back := field(t, line, "order").Type.Elem
	backLine := field(t, back, "lines").Type.Elem
	if back.Name != "OrderOutOrder" || backLine.Name != "OrderOutLinesOrderLinesLine" ||
		field(t, backLine, "order").Type.Elem != back || wires(backLine) != "sku,cost,order" {
		t.Errorf("recursive derived names: %q %q", back.Name, backLine.Name)
	}
	// deterministic: another compiler yields the same names
	q, _ := plan.NewCompiler().CompileDTO(reflect.TypeFor[Order](), plan.DTOConfig{
		Name: "OrderOut", Exclude: []string{"Billing.Zip", "Lines.Cost"}, Strategy: plan.RenameCamel,
	})
	if field(t, q, "billing").Type.Name != "OrderOutBillingAddress" {
		t.Error("names not deterministic")
	}
}

func TestDTORecursiveSharesRoot(t *testing.T) {
	p, err := plan.NewCompiler().CompileDTO(reflect.TypeFor[Node](), plan.DTOConfig{Name: "NodePatch", Partial: true})
	if err != nil {
		t.Fatal(err)
	}
	if field(t, p, "parent").Type.Elem != p {
		t.Error("recursive DTO does not point back at its root")
	}
	// A collection is replaced whole by a PATCH, so its items are full
	// values: not partial, their required fields required.
	item := field(t, p, "children").Type.Elem
	if item == p || item.Partial {
		t.Errorf("the items of a partial DTO's slice are partial: %+v", item)
	}
	if child := field(t, item, "children").Type.Elem; child != item {
		t.Error("the whole item does not recurse into itself")
	}
}

type Embedding struct {
	Base
	Note string `json:"note"`
}

func TestDTOEmbeddedPaths(t *testing.T) {
	p, err := plan.NewCompiler().CompileDTO(reflect.TypeFor[Embedding](), plan.DTOConfig{Exclude: []string{"Created"}, Rename: map[string]string{"ID": "key"}})
	if err != nil {
		t.Fatal(err)
	}
	if wires(p) != "key,note" {
		t.Errorf("wires = %s", wires(p))
	}
}

func TestDTOErrors(t *testing.T) {
	user := reflect.TypeFor[User]()
	tests := []struct {
		typ  reflect.Type
		cfg  plan.DTOConfig
		want string
	}{
		{user, plan.DTOConfig{Exclude: []string{"Pasword"}}, `DTO User of plan_test.User: Exclude "Pasword": plan_test.User has no field "Pasword" (its fields: ID, Email, PasswordHash, CreatedAt, Address, Billing, Previous, Tags)`},
		{user, plan.DTOConfig{Exclude: []string{"Address.Zipp"}}, `Exclude "Address.Zipp": plan_test.Address has no field "Zipp" (its fields: Street, Zip)`},
		{user, plan.DTOConfig{Include: []string{"Billing.Nope"}}, `Include "Billing.Nope": plan_test.Address has no field "Nope"`},
		{user, plan.DTOConfig{Exclude: []string{"Tags.X"}}, `Exclude "Tags.X": plan_test.User.Tags is []string, not a struct`},
		{user, plan.DTOConfig{Exclude: []string{"ID"}, Include: []string{"Email"}}, "Exclude and Include cannot be used together"},
		{user, plan.DTOConfig{ReadOnly: []string{"ID"}, WriteOnly: []string{"ID"}}, `ReadOnly "ID": the field is also WriteOnly`},
		{user, plan.DTOConfig{Exclude: []string{"ID"}, ReadOnly: []string{"ID"}}, `ReadOnly "ID": the DTO leaves out ID`},
		{user, plan.DTOConfig{Include: []string{"Email"}, Rename: map[string]string{"ID": "id"}}, `Rename "ID": the DTO leaves out ID`},
		{user, plan.DTOConfig{Private: []string{"Address"}, WriteOnly: []string{"Address.Zip"}}, `WriteOnly "Address.Zip": the DTO leaves out Address`},
		{user, plan.DTOConfig{Rename: map[string]string{"ID": "email"}}, `wire name "email" is already used by field ID`},
		{user, plan.DTOConfig{Rename: map[string]string{"ID": ""}}, `Rename "ID": "" is not a valid wire name`},
		{user, plan.DTOConfig{Rename: map[string]string{"ID..X": "a"}}, "is not a dotted Go field path"},
		{user, plan.DTOConfig{Strategy: plan.RenameStrategy(99)}, "unknown rename strategy 99"},
		{user, plan.DTOConfig{MaxDepth: -1}, "MaxDepth -1 is negative"},
		{user, plan.DTOConfig{Name: "Bad Name"}, `name "Bad Name" may contain only`},
		{reflect.TypeFor[[]User](), plan.DTOConfig{}, "a DTO model must be a struct type"},
		{reflect.TypeFor[time.Time](), plan.DTOConfig{}, "a DTO model must be a struct type"},
		{reflect.TypeFor[struct{ A int }](), plan.DTOConfig{Partial: true}, "an unnamed struct type needs DTOConfig.Name"},
		{reflect.TypeFor[Order](), plan.DTOConfig{Exclude: []string{"Lines.Order.Lines.Nope"}}, `Exclude "Lines.Order.Lines.Nope": plan_test.Line has no field "Nope"`},
		{reflect.TypeFor[CreateUser](), plan.DTOConfig{Partial: true}, "CreateUser.Meta: map[int]string: map keys must be strings"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			_, err := plan.NewCompiler().CompileDTO(tt.typ, tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v\nwant %q", err, tt.want)
			}
		})
	}
	if _, err := plan.NewCompiler().CompileDTO(nil, plan.DTOConfig{}); err == nil {
		t.Error("nil type accepted")
	}
}

func TestDTOFailureLeavesCompilerClean(t *testing.T) {
	c := plan.NewCompiler()
	if _, err := c.CompileDTO(reflect.TypeFor[Order](), plan.DTOConfig{Name: "X", Exclude: []string{"Lines.Nope"}}); err == nil {
		t.Fatal("no error")
	}
	p, err := c.CompileDTO(reflect.TypeFor[Order](), plan.DTOConfig{Name: "X", Exclude: []string{"Lines.Cost"}})
	if err != nil {
		t.Fatal(err)
	}
	if n := field(t, p, "lines").Type.Elem.Name; n != "XLine" {
		t.Errorf("name after a failed compile = %q", n)
	}
}

func TestRenameStrategies(t *testing.T) {
	tests := []struct {
		in                                        string
		camel, pascal, snake, kebab, upper, lower string
	}{
		{"UserID", "userId", "UserId", "user_id", "user-id", "USERID", "userid"},
		{"ID", "id", "Id", "id", "id", "ID", "id"},
		{"HTTPServer", "httpServer", "HttpServer", "http_server", "http-server", "HTTPSERVER", "httpserver"},
		{"CreatedAt", "createdAt", "CreatedAt", "created_at", "created-at", "CREATEDAT", "createdat"},
		{"UserIDs", "userIds", "UserIds", "user_ids", "user-ids", "USERIDS", "userids"},
		{"Line2", "line2", "Line2", "line2", "line2", "LINE2", "line2"},
		{"Line2Text", "line2Text", "Line2Text", "line2_text", "line2-text", "LINE2TEXT", "line2text"},
		{"A", "a", "A", "a", "a", "A", "a"},
		{"Already_Snake", "alreadySnake", "AlreadySnake", "already_snake", "already-snake", "ALREADY_SNAKE", "already_snake"},
		{"URLPath", "urlPath", "UrlPath", "url_path", "url-path", "URLPATH", "urlpath"},
		{"ÄpfelCount", "äpfelCount", "ÄpfelCount", "äpfel_count", "äpfel-count", "ÄPFELCOUNT", "äpfelcount"},
	}
	for _, tt := range tests {
		got := []string{
			plan.RenameCamel.Apply(tt.in), plan.RenamePascal.Apply(tt.in), plan.RenameSnake.Apply(tt.in),
			plan.RenameKebab.Apply(tt.in), plan.RenameUpper.Apply(tt.in), plan.RenameLower.Apply(tt.in),
		}
		want := []string{tt.camel, tt.pascal, tt.snake, tt.kebab, tt.upper, tt.lower}
		if !slices.Equal(got, want) {
			t.Errorf("%s: got %v, want %v", tt.in, got, want)
		}
		if plan.RenameNone.Apply(tt.in) != tt.in {
			t.Errorf("none changed %s", tt.in)
		}
	}
	for s := plan.RenameNone; s <= plan.RenameLower; s++ {
		if s.String() == "unknown" {
			t.Errorf("strategy %d has no name", s)
		}
	}
}

package apitest

// The schemas of the strict parity table (strict_parity_internal_test.go).

const (
	objectSchemas = `
Flat:
  type: object
  properties:
    a: {type: string}
    b: {type: integer}
    inner:
      type: object
      properties:
        c: {type: string}
Open:
  type: object
  additionalProperties: true
  properties:
    a: {type: string}
Closed:
  type: object
  additionalProperties: false
  properties:
    a: {type: string}
    inner:
      type: object
      properties:
        c: {type: string}
Typed:
  type: object
  properties:
    a: {type: string}
  additionalProperties:
    type: object
    properties:
      k: {type: integer}
Patterned:
  type: object
  properties:
    a: {type: string}
  patternProperties:
    "^x-":
      type: object
      properties:
        v: {type: integer}
PatternedClosed:
  type: object
  additionalProperties: false
  properties:
    a: {type: string}
  patternProperties:
    "^x-":
      type: object
      properties:
        v: {type: integer}
Unevaluated:
  type: object
  unevaluatedProperties: false
  properties:
    a: {type: string}
Free:
  type: object
  properties:
    any: {}
    obj: {type: object}
    yes: true
    open:
      type: object
      additionalProperties: true
Nullable:
  type: [object, "null"]
  properties:
    a: {type: integer}
    sub:
      type: [object, "null"]
      properties:
        b: {type: integer}
    due:
      anyOf:
        - type: "null"
        - $ref: '#/components/schemas/Flat'
`

	arraySchemas = `
Item:
  type: object
  properties:
    a: {type: integer}
List:
  type: object
  properties:
    items:
      type: array
      items: {$ref: '#/components/schemas/Item'}
    grid:
      type: array
      items:
        type: array
        items: {$ref: '#/components/schemas/Item'}
Items:
  type: array
  items: {$ref: '#/components/schemas/Item'}
Tuple:
  type: array
  prefixItems:
    - type: object
      properties:
        p0: {type: integer}
    - type: object
      properties:
        p1: {type: integer}
  items: {$ref: '#/components/schemas/Item'}
OpenTuple:
  type: array
  prefixItems:
    - type: object
      properties:
        p0: {type: integer}
NoItems:
  type: array
  items: false
ClosedTuple:
  type: array
  prefixItems:
    - type: object
      properties:
        p0: {type: integer}
  items: false
UnevaluatedItems:
  type: array
  prefixItems:
    - type: object
      properties:
        p0: {type: integer}
  unevaluatedItems: {$ref: '#/components/schemas/Item'}
UnevaluatedOnly:
  type: array
  unevaluatedItems: {$ref: '#/components/schemas/Item'}
Shapes:
  oneOf:
    - type: array
      items: {$ref: '#/components/schemas/Item'}
    - $ref: '#/components/schemas/Item'
`

	nameSchemas = `
Names:
  type: object
  properties:
    "a.b":
      type: object
      properties:
        c: {type: integer}
    "x[0]":
      type: object
      properties:
        c: {type: integer}
    "a b":
      type: object
      properties:
        c: {type: integer}
    "":
      type: object
      properties:
        c: {type: integer}
    "ü":
      type: object
      properties:
        c: {type: integer}
    "1st":
      type: object
      properties:
        c: {type: integer}
    "it's.here":
      type: object
      properties:
        c: {type: integer}
    ab: {type: integer}
`

	accessSchemas = `
Inner:
  type: object
  properties:
    z: {type: integer}
Account:
  type: object
  properties:
    name: {type: string}
    id:
      readOnly: true
      type: object
      properties:
        x: {type: integer}
    secret:
      writeOnly: true
      type: object
      properties:
        y: {type: integer}
Stamped:
  type: object
  properties:
    created:
      $ref: '#/components/schemas/Inner'
      readOnly: true
Profile:
  allOf:
    - $ref: '#/components/schemas/Account'
    - type: object
      properties:
        token:
          writeOnly: true
          type: object
          properties:
            t: {type: integer}
`

	compositionSchemas = `
PatternedAllOf:
  allOf:
    - type: object
      properties:
        a: {type: string}
      patternProperties:
        "^x-":
          type: object
          properties:
            v: {type: integer}
    - type: object
      properties:
        b: {type: string}
Base:
  type: object
  properties:
    id: {type: integer}
    meta:
      type: object
      properties:
        created: {type: string}
Split:
  allOf:
    - $ref: '#/components/schemas/Base'
    - type: object
      properties:
        name: {type: string}
  properties:
    own: {type: string}
SplitClosed:
  allOf:
    - $ref: '#/components/schemas/Base'
    - type: object
      additionalProperties: false
      properties:
        name: {type: string}
NestedAllOf:
  allOf:
    - $ref: '#/components/schemas/Split'
    - type: object
      properties:
        more: {type: string}
Cat:
  type: object
  required: [meow]
  properties:
    petType: {type: string}
    meow: {type: boolean}
    toy:
      type: object
      properties:
        name: {type: string}
Dog:
  type: object
  required: [bark]
  properties:
    petType: {type: string}
    bark: {type: boolean}
    bone:
      type: object
      properties:
        size: {type: integer}
Bird:
  type: object
  required: [tweet]
  properties:
    tweet: {type: boolean}
Pet:
  oneOf:
    - $ref: '#/components/schemas/Cat'
    - $ref: '#/components/schemas/Dog'
PetByName:
  oneOf:
    - $ref: '#/components/schemas/Cat'
    - $ref: '#/components/schemas/Dog'
  discriminator:
    propertyName: petType
PetByMapping:
  oneOf:
    - $ref: '#/components/schemas/Cat'
    - $ref: '#/components/schemas/Dog'
  discriminator:
    propertyName: petType
    mapping:
      kitty: '#/components/schemas/Cat'
      doggy: '#/components/schemas/Dog'
PetByBareMapping:
  oneOf:
    - $ref: '#/components/schemas/Cat'
    - $ref: '#/components/schemas/Dog'
  discriminator:
    propertyName: petType
    mapping:
      kitty: Cat
      doggy: Dog
AnyPet:
  anyOf:
    - $ref: '#/components/schemas/Cat'
    - $ref: '#/components/schemas/Dog'
AnyPetByName:
  anyOf:
    - $ref: '#/components/schemas/Cat'
    - $ref: '#/components/schemas/Dog'
  discriminator:
    propertyName: petType
OwnedPet:
  type: object
  properties:
    owner: {type: string}
  oneOf:
    - $ref: '#/components/schemas/Cat'
    - $ref: '#/components/schemas/Dog'
Animal:
  oneOf:
    - $ref: '#/components/schemas/Pet'
    - $ref: '#/components/schemas/Bird'
Holder:
  type: object
  properties:
    pet: {$ref: '#/components/schemas/Pet'}
    pets:
      type: array
      items: {$ref: '#/components/schemas/PetByName'}
BasePet:
  allOf:
    - $ref: '#/components/schemas/Base'
  oneOf:
    - $ref: '#/components/schemas/Cat'
    - $ref: '#/components/schemas/Dog'
Cond:
  type: object
  properties:
    kind: {type: string}
  if:
    required: [kind]
    properties:
      kind: {const: a}
  then:
    properties:
      x:
        type: object
        properties:
          x1: {type: integer}
  else:
    properties:
      y: {type: integer}
Dependent:
  type: object
  properties:
    card: {type: string}
  dependentSchemas:
    card:
      properties:
        billing:
          type: object
          properties:
            zip: {type: string}
Chain:
  $ref: '#/components/schemas/Chain2'
Chain2:
  $ref: '#/components/schemas/Base'
Node:
  type: object
  properties:
    name: {type: string}
    next: {$ref: '#/components/schemas/Node'}
    children:
      type: array
      items: {$ref: '#/components/schemas/Node'}
Leaf:
  type: object
  required: [value]
  properties:
    value: {type: integer}
Branch:
  type: object
  required: [nodes]
  properties:
    nodes:
      type: array
      items: {$ref: '#/components/schemas/Tree'}
Tree:
  oneOf:
    - $ref: '#/components/schemas/Leaf'
    - $ref: '#/components/schemas/Branch'
`
)

// escapedDocument is a JSON document, to have one row parse JSON rather
// than YAML; its property names need escaping in JSON.
const escapedDocument = `{
  "openapi": "3.1.0",
  "info": {"title": "parity", "version": "1"},
  "paths": {},
  "components": {"schemas": {"Escaped": {
    "type": "object",
    "properties": {
      "ab": {"type": "integer"},
      "\"": {"type": "object", "properties": {"q": {"type": "integer"}}},
      "tab\there": {"type": "object", "properties": {"q": {"type": "integer"}}}
    }
  }}}
}`

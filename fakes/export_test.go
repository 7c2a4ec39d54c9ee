package fakes

// Plan lets the package's black-box tests make values from a plan they
// compiled themselves (with rules a struct tag cannot write).
var Plan = withPlan

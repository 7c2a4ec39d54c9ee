package app

import "flag"

// -update rewrites testdata/openapi.json: contract.Snapshot
// (TestContractSnapshot) rewrites its golden file when the test binary
// defines the flag and it is set.
var _ = flag.Bool("update", false, "rewrite the golden document (contract.Snapshot)")

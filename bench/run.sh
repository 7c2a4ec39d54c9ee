#!/usr/bin/env bash
# Reruns every measurement of BENCHMARKS.md and writes the raw results and
# the benchstat tables to bench/results/:
#
#   bench/run.sh               # everything (about 10 minutes on 2 cores)
#   COUNT=10 bench/run.sh      # more samples
#   SKIP_WRK=1 bench/run.sh    # in-process only
#
# 1. go test: every implementation's answers are checked (statuses, bodies,
#    4xx for invalid create bodies) before anything is timed;
# 2. in-process benchmarks (httptest recorder calling ServeHTTP), -count
#    COUNT, summarised per workload with benchstat -col /fw;
# 3. Starling's app build time for 10, 100 and 1,000 routes;
# 4. apitest's contract validation cost on POST /users (on vs off);
# 5. the router against net/http.ServeMux, the codec against JSON libraries;
# 6. wrk over loopback per framework and workload (wrk.sh; ROUNDS=3 for
#    the median of three runs per cell).
set -euo pipefail
cd "$(dirname "$0")"

COUNT=${COUNT:-6}
BENCHSTAT=${BENCHSTAT:-go run golang.org/x/perf/cmd/benchstat@latest}
mkdir -p results
# The nested module follows the main module's requirements, which change.
go mod tidy

{
	echo "date:    $(date -u +%Y-%m-%dT%H:%MZ)"
	echo "go:      $(go version)"
	echo "cpu:     $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB"
	echo "kernel:  $(uname -sr)"
	echo "peers:   $(go list -m -f '{{.Path}} {{.Version}}' github.com/danielgtaylor/huma/v2 github.com/go-fuego/fuego github.com/gin-gonic/gin github.com/go-playground/validator/v10 | paste -sd, - | sed 's/,/, /g')"
	echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at start"
} | tee results/env.txt

echo "== verifying every implementation"
go test -count=1 ./... 2>&1 | grep -v ' ERROR Error ' # Fuego logs its 4xx answers

echo "== in-process benchmarks (count $COUNT)"
go test ./impl -run '^$' -bench '^Benchmark(GET|POST|List|DI|Plaintext)$' -count "$COUNT" -timeout 60m 2>&1 |
	grep -v ' ERROR Error ' | tee results/inproc.txt
$BENCHSTAT -col /fw results/inproc.txt | tee results/inproc-benchstat.txt

echo "== Starling build time"
go test ./impl -run '^$' -bench '^BenchmarkStarlingBuild$' -count "$COUNT" -timeout 60m | tee results/build.txt
$BENCHSTAT results/build.txt | tee results/build-benchstat.txt

echo "== apitest validation cost"
go test ./impl -run '^$' -bench '^BenchmarkApitestPOST$' -count "$COUNT" -timeout 60m | tee results/apitest.txt
$BENCHSTAT -col /validation results/apitest.txt | tee results/apitest-benchstat.txt

echo "== router lookup vs net/http.ServeMux"
(cd .. && go test ./framework/internal/router -run '^$' -bench '^BenchmarkVsServeMux$' -count "$COUNT" -timeout 60m) | tee results/router.txt
$BENCHSTAT -col /impl results/router.txt | tee results/router-benchstat.txt

echo "== codec vs JSON libraries"
go test ./codec -run '^$' -bench '^BenchmarkBody(Decode|Encode)$' -benchtime 0.2s -count "$COUNT" -timeout 60m | tee results/codec.txt
$BENCHSTAT -col /lib results/codec.txt | tee results/codec-benchstat.txt
GOEXPERIMENT=jsonv2 go test ./codec -run '^$' -bench '^BenchmarkBody(Decode|Encode)$/.*/lib=(starling|encoding_json_v2)$' -benchtime 0.2s -count "$COUNT" -timeout 60m | tee results/codec-jsonv2.txt
$BENCHSTAT -col /lib results/codec-jsonv2.txt | tee results/codec-jsonv2-benchstat.txt

if [ -z "${SKIP_WRK:-}" ]; then
	echo "== wrk over loopback"
	./wrk.sh
	cat results/wrk.md
fi
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) at end" | tee -a results/env.txt

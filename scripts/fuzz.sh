#!/usr/bin/env bash
# Fuzz the import readers (core/fuzz) for a bounded time per target.
#
#   scripts/fuzz.sh [seconds-per-target] [target...]
#
# Default: 60 s for each of geojson, topojson, shapefile_zip, shapefile_parts, csv,
# dataset_geojson.
# Installs cargo-fuzz if missing. The machines have stable Rust only: cargo-fuzz needs
# nightly flags (-Z sanitizer, sancov passes), which RUSTC_BOOTSTRAP=1 unlocks on stable.
# Corpora are seeded from tests/fixtures (bad and good files) and data/dortmund; crashes
# land in core/fuzz/artifacts/<target>/ — copy each into tests/fixtures/bad/ as a
# regression file (fuzz-<what>.<ext>) after fixing it.
set -euo pipefail

SECONDS_PER_TARGET="${1:-60}"
shift || true
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(geojson topojson shapefile_zip shapefile_parts csv dataset_geojson)
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FUZZ="$ROOT/core/fuzz"
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "installing cargo-fuzz…"
  cargo install cargo-fuzz --locked
fi

seed() {
  local target="$1" dir="$FUZZ/corpus/$1"
  mkdir -p "$dir"
  shopt -s nullglob
  case "$target" in
    geojson)
      cp "$ROOT"/tests/fixtures/bad/geo/*.geojson "$ROOT"/tests/fixtures/import/*.geojson "$dir"/ 2>/dev/null || true
      # The real files are large; a few features of them make better seeds.
      python3 - "$ROOT/data/dortmund/services.geojson" "$dir/services-head.geojson" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["features"] = d["features"][:5]
json.dump(d, open(sys.argv[2], "w"))
PY
      ;;
    topojson)
      cp "$ROOT"/tests/fixtures/bad/geo/*.topojson "$dir"/ 2>/dev/null || true
      cat > "$dir/good.topojson" <<'TOPO'
{"type":"Topology","transform":{"scale":[0.5,0.5],"translate":[10,20]},"objects":{"d":{"type":"GeometryCollection","geometries":[{"type":"Polygon","arcs":[[0,1]],"id":"A","properties":{"name":"Links"}},{"type":"Polygon","arcs":[[-2,2]],"properties":{"name":"Rechts"}},{"type":"MultiPolygon","arcs":[[[0,1]],[[-2,2]]]}]}},"arcs":[[[2,0],[-2,0],[0,2],[2,0]],[[2,2],[0,-2]],[[2,2],[2,0],[0,-2],[-2,0]]]}
TOPO
      ;;
    shapefile_zip)
      cp "$ROOT"/tests/fixtures/bad/geo/*.zip "$ROOT"/tests/fixtures/import/*.zip "$dir"/ 2>/dev/null || true
      ;;
    shapefile_parts)
      # Pack each .shp with its .dbf and .prj: u32 LE lengths, shp, dbf, prj.
      python3 - "$dir" "$ROOT"/tests/fixtures/bad/geo/*.shp <<'PY'
import os, struct, sys
out = sys.argv[1]
for shp in sys.argv[2:]:
    stem = shp[:-4]
    read = lambda p: open(p, "rb").read() if os.path.exists(p) else b""
    s, d, p = read(shp), read(stem + ".dbf"), read(stem + ".prj")
    open(os.path.join(out, os.path.basename(stem) + ".bin"), "wb").write(struct.pack("<II", len(s), len(d)) + s + d + p)
PY
      ;;
    dataset_geojson)
      cp "$ROOT"/tests/fixtures/bad/geo/*.geojson "$dir"/ 2>/dev/null || true
      python3 - "$ROOT/data/dortmund/boundaries.geojson" "$dir/boundaries-head.geojson" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["features"] = d["features"][:3]
json.dump(d, open(sys.argv[2], "w"))
PY
      ;;
    csv)
      cp "$ROOT"/tests/fixtures/bad/table/* "$ROOT"/tests/fixtures/import/*.csv "$ROOT"/data/dortmund/indicators.csv "$dir"/ 2>/dev/null || true
      ;;
  esac
}

cd "$FUZZ"
status=0
for t in "${TARGETS[@]}"; do
  seed "$t"
  echo "=== fuzzing $t for ${SECONDS_PER_TARGET}s ==="
  # -max_len keeps mutations fast (the seeds include ~100 kB files); -rss_limit_mb and
  # -timeout turn runaway memory or time into findings.
  if ! cargo fuzz run "$t" "corpus/$t" -- \
      -max_total_time="$SECONDS_PER_TARGET" -max_len=131072 -rss_limit_mb=2048 -timeout=10 \
      -print_final_stats=1; then
    echo "!!! $t found a problem: see core/fuzz/artifacts/$t/"
    status=1
  fi
done
exit $status

#!/usr/bin/env bash
# Runs clang-tidy (the repository's .clang-tidy) on every daemon/ source file,
# using the compile commands of a build dir (default build/; scripts/build.sh
# makes one). Exits non-zero on any finding. Takes minutes: not part of
# scripts/test.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BUILD_DIR:-$root/build}
[ -f "$build_dir/compile_commands.json" ] || BUILD_DIR=$build_dir "$root/scripts/build.sh" >/dev/null
cd "$root"
git ls-files 'daemon/*.cpp' | xargs -P"$(nproc)" -n8 clang-tidy -p "$build_dir" --quiet
echo "tidy: clean"

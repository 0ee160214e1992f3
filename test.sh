#!/usr/bin/env bash
# Runs the whole test suite: unit, grain and end-to-end tests over real processes.
# Exits non-zero on any failure. Test results (TRX) land in TestResults/.
set -euo pipefail
cd "$(dirname "$0")"
rm -rf TestResults
dotnet build BuildFarm.sln -c Release -nologo -v q
dotnet test BuildFarm.sln -c Release --no-build -nologo \
  --logger trx "$@"

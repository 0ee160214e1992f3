#!/usr/bin/env bash
# The benchmark suite (never part of ./test.sh): builds the farm CLI and the driver (Release), then runs
# the scenarios on farms of real processes next to their baselines, prints one table and writes it to
# bench/results/latest.md.
#   ./bench.sh [SCENARIO...] [--profile local|cluster|all] [--quick] [--runs N] [--out FILE]
# Scenarios: fanout chain scale artifacts dispatch peer (default: all). See README.md, "Benchmarks".
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
dotnet build src/BuildFarm.Cli/BuildFarm.Cli.csproj -c Release -nologo -v q
dotnet build bench/BuildFarm.Bench/BuildFarm.Bench.csproj -c Release -nologo -v q
exec dotnet bench/BuildFarm.Bench/bin/Release/net10.0/farm-bench.dll "$@"

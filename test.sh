#!/usr/bin/env bash
# Runs the whole test suite: unit, grain and end-to-end tests over real processes, then the cluster tests.
# The cluster tests need PostgreSQL and Azurite: this script starts a private instance of each (.ci/services: free
# ports, throwaway folders; Azurite is installed from npm into .tools/ when missing) and stops them on exit.
# Exits non-zero on any failure. Test results (TRX) land in TestResults/.
set -euo pipefail
cd "$(dirname "$0")"
rm -rf TestResults
dotnet build BuildFarm.sln -c Release -nologo -v q

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "PostgreSQL is not installed; installing it (apt-get)" >&2
  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql) >/dev/null
fi
services="$(mktemp -d /tmp/farm-services.XXXXXX)"
trap '.ci/services stop "$services"' EXIT
.ci/services start "$services"
export FARM_TEST_SERVICES="$services"

status=0
# The cluster tests run on their own afterwards: two cores cannot keep their lease timings and the others' at once.
dotnet test BuildFarm.sln -c Release --no-build -nologo --logger trx --filter "FullyQualifiedName!~BuildFarm.Cluster.Tests" "$@" || status=$?
dotnet test tests/BuildFarm.Cluster.Tests -c Release --no-build -nologo --logger trx "$@" || status=$?
exit "$status"

#!/usr/bin/env bash
# The `peer` scenario's Buildbot side: BUILDS one-step no-op builds over WORKERS workers on Buildbot 3.7
# (Debian's buildbot + buildbot-worker, installed here when missing), all bound to 127.0.0.1.
# Usage: buildbot.sh BUILDS WORKERS RUNS
# Prints one line per run, `seconds=S cpu_per_build=C`: from the force scheduler's trigger (REST API) to the last
# build complete, and the CPU seconds the master and the workers used per build meanwhile (from /proc).
set -euo pipefail
builds="${1:-50}"; workers="${2:-2}"; runs="${3:-1}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
py=/usr/bin/python3

if ! command -v buildbot >/dev/null || ! command -v buildbot-worker >/dev/null; then
  if [[ "$(id -u)" != 0 ]]; then
    echo "buildbot.sh: Buildbot is missing; install it as root: apt-get install -y buildbot buildbot-worker" >&2
    exit 3
  fi
  echo "buildbot.sh: installing Debian packages buildbot and buildbot-worker (apt-get)" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq buildbot buildbot-worker; } >&2
fi

free_port() { "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
root="$(mktemp -d /tmp/farm-bench-buildbot-XXXXXX)"
export BENCH_BUILDS="$builds" BENCH_WORKERS="$workers" BENCH_PB_PORT="$(free_port)" BENCH_WWW_PORT="$(free_port)"
export PYTHONPATH="$here/www-stub${PYTHONPATH:+:$PYTHONPATH}"

stop() {
  for ((i = 0; i < workers; i++)); do buildbot-worker stop "$root/w$i" >/dev/null 2>&1 || true; done
  buildbot stop "$root/master" >/dev/null 2>&1 || true
  rm -rf "$root"
}
trap stop EXIT

buildbot create-master -q "$root/master" >/dev/null
cp "$here/master.cfg" "$root/master/master.cfg"
if ! buildbot start "$root/master" >"$root/master-start.log" 2>&1; then
  cat "$root/master-start.log" "$root/master/twistd.log" >&2 || true
  echo "buildbot.sh: the master did not start (log above)" >&2
  exit 1
fi
for ((i = 0; i < workers; i++)); do
  buildbot-worker create-worker -q "$root/w$i" "127.0.0.1:$BENCH_PB_PORT" "w$i" bench >/dev/null
  buildbot-worker start "$root/w$i" >/dev/null
done

# Waits for the workers, then forces all builders RUNS times (one buildset of BUILDS builds each), each to its end.
"$py" - "$root" "$BENCH_WWW_PORT" "$builds" "$workers" "$runs" <<'PY'
import json, os, sqlite3, sys, time, urllib.request
root, port, builds, workers, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
db = os.path.join(root, "master", "state.sqlite")
api = f"http://127.0.0.1:{port}/api/v2"
pids = [int(open(os.path.join(root, d, "twistd.pid")).read()) for d in ["master"] + [f"w{i}" for i in range(workers)]]

def cpu_seconds():
    """User + system time of the master and the workers themselves (not the commands they run)."""
    total = 0
    for pid in pids:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")

def get(path):
    with urllib.request.urlopen(api + path, timeout=30) as r:
        return json.load(r)

deadline = time.time() + 120
while True:
    try:
        connected = [w for w in get("/workers")["workers"] if w.get("connected_to")]
        if len(connected) >= workers:
            break
    except OSError:
        pass
    if time.time() > deadline:
        sys.exit("buildbot.sh: the workers did not connect within 120 s")
    time.sleep(0.2)

names = [f"noop{i:03d}" for i in range(builds)]
for run in range(runs):
    body = json.dumps({"jsonrpc": "2.0", "method": "force", "id": run + 1, "params": {"builderNames": names}}).encode()
    request = urllib.request.Request(api + "/forceschedulers/force", data=body, headers={"Content-Type": "application/json"})
    cpu_before = cpu_seconds()
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=60) as r:
        answer = json.load(r)
    if "error" in answer:
        sys.exit(f"buildbot.sh: the force scheduler refused: {answer['error']}")
    bsid = answer["result"][0]
    while True:
        with sqlite3.connect(db, timeout=30) as c:
            row = c.execute("SELECT complete FROM buildsets WHERE id = ?", (bsid,)).fetchone()
        if row and row[0]:
            break
        if time.monotonic() - started > 600:
            sys.exit("buildbot.sh: the builds did not complete within 600 s")
        time.sleep(0.05)
    elapsed = time.monotonic() - started
    cpu = cpu_seconds() - cpu_before
    with sqlite3.connect(db, timeout=30) as c:
        results = c.execute("SELECT results, COUNT(*) FROM builds WHERE buildrequestid IN "
                            "(SELECT id FROM buildrequests WHERE buildsetid = ?) GROUP BY results", (bsid,)).fetchall()
    ok = sum(n for r, n in results if r == 0)
    if ok != builds:
        sys.exit(f"buildbot.sh: run {run + 1}: {ok} of {builds} builds succeeded (results: {results})")
    print(f"seconds={elapsed:.3f} cpu_per_build={cpu / builds:.4f}", flush=True)
PY

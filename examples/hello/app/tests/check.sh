#!/bin/sh
# check.sh LANG NAME EXPECTED: runs the built greeter and compares its output.
set -e
actual="$(GREET_LANG="$1" "$FARM_INPUT_BIN/out/bin/greet" "$2")"
if [ "$actual" != "$3" ]; then
  echo "FAIL: GREET_LANG=$1 greet $2 printed '$actual', expected '$3'"
  exit 1
fi
echo "ok: GREET_LANG=$1 greet $2 -> $actual"

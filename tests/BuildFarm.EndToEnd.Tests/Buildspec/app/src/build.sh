#!/usr/bin/env bash
# "Compiles" the app into $1: a program, a library, and debug symbols that the artifact leaves out.
set -euo pipefail
out="$1"
printf '#!/bin/sh\necho "hello from app %s"\n' "$VERSION" > "$out/app"
chmod +x "$out/app"
printf 'library\n' > "$out/lib/libgreet.so"
printf 'symbols\n' > "$out/app.debug"

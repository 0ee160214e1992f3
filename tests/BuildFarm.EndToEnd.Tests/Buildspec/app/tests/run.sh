#!/usr/bin/env bash
# Runs the smoke checks against the built program in $1 and writes a JUnit report; copies the unit tests' NUnit 3 report.
set -uo pipefail
bin="$1"
mkdir -p reports/junit reports/nunit
cases=""
check() { # name, command, failure message
  if eval "$2" >/dev/null 2>&1; then
    cases+="<testcase classname=\"smoke\" name=\"$1\" time=\"0.01\"/>"
  else
    cases+="<testcase classname=\"smoke\" name=\"$1\" time=\"0.02\"><failure message=\"$3\">$2</failure></testcase>"
  fi
}
check "program runs" "sh $bin/app | grep -q 'hello from app'" "the program did not greet"
check "library present" "test -f $bin/lib/libgreet.so" "no library"
check "answer is 42" "test \"\$(echo 41)\" = 42" "expected 42 but got 41"
printf '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites><testsuite name="smoke">%s</testsuite></testsuites>\n' "$cases" > reports/junit/smoke.xml
cp tests/nunit-result.xml reports/nunit/TestResult.xml

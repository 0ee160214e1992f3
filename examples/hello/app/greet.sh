#!/bin/sh
# Greets whoever is named, in the language GREET_LANG asks for.
lang="${GREET_LANG:-en}"
name="${1:-world}"
case "$lang" in
  en) echo "Hello, $name!" ;;
  fr) echo "Bonjour, $name !" ;;
  de) echo "Hallo, $name!" ;;
  *) echo "greet: unknown language '$lang' (en, fr, de)" >&2; exit 2 ;;
esac

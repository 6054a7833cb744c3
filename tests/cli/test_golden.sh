#!/bin/sh
# Golden JSON of every command on a table of requests (tests/cases/golden/).
# usage: test_golden.sh AIWATT FIXTURES BUILD_DIR
exec sh "$(dirname "$0")/golden.sh" "$1"

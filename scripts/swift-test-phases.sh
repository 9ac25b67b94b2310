#!/bin/sh
# Runs the Swift tests in two phases inside the caller's D-Bus session (scripts/test.sh): first every unit and
# component suite in parallel, then the integration suites that start real MCP servers, runners and API servers
# one after another, so that a slow Python start on a busy 2-core machine is never mistaken for a failure.
INTEGRATION='HiveKeepWorkloadsE2ETests|HiveKeepProxyTests'
swift test --skip-build --parallel --skip "$INTEGRATION"
first=$?
swift test --skip-build --no-parallel --filter "$INTEGRATION"
second=$?
[ "$first" -eq 0 ] && [ "$second" -eq 0 ]

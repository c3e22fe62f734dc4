#!/usr/bin/env bash
# Runs every test: starts the backing services the tests need (only those not already
# reachable), runs the whole Maven build with its unit, conformance, Quarkus and end-to-end
# tests, and stops what it started, whatever the outcome.
#
#   scripts/test.sh [extra Maven arguments]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

bash scripts/services.sh start
trap 'bash scripts/services.sh stop' EXIT

# No EC2 instance-metadata look-ups from the AWS SDK: tests give explicit credentials.
export AWS_EC2_METADATA_DISABLED=true
# two modules at a time where the reactor allows (the component modules and the workflow engine
# build and test side by side, each against its own backend): on two cores the run is minutes shorter
./mvnw -B -ntp -T 2 verify "$@"

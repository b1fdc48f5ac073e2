#!/usr/bin/env bash
# `npm run lint:cfn`: synthesize the stack (offline, as `npm run synth` does) into a throwaway
# folder and check every template with cfn-lint, AWS's CloudFormation linter (a Python tool:
# `pip install cfn-lint`). Extra arguments go to the synth (e.g. -c stage=prod).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v cfn-lint >/dev/null 2>&1; then
  echo "cfn-lint is not installed: pip install cfn-lint (tested with 1.51.0)" >&2
  exit 127
fi

out="$(mktemp -d "${TMPDIR:-/tmp}/orders-cfn-lint-XXXXXX")"
trap 'rm -rf "$out"' EXIT
bash scripts/synth.sh -o "$out" "$@" >/dev/null
echo "cfn-lint $(cfn-lint --version | awk '{print $2}') on $(cd "$out" && ls ./*.template.json | tr '\n' ' ')"
cfn-lint "$out"/*.template.json
echo "cfn-lint: no findings"

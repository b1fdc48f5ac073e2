#!/usr/bin/env bash
# `npm run synth`: the CloudFormation template into cdk.out/, offline — no AWS account, no
# credentials, no network. Extra arguments go to `cdk synth` (e.g. -c stage=prod).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export CDK_HOME="$PWD/.cdk-home"            # the CLI keeps its cache here, not in $HOME
export CDK_DISABLE_VERSION_CHECK=1          # no npm registry call for "newer version available"
export CDK_DISABLE_CLI_TELEMETRY=true       # no telemetry upload
export AWS_EC2_METADATA_DISABLED=true       # no IMDS probe when looking for credentials
mkdir -p "$CDK_HOME"

# --no-install: use the CLI pinned in package.json, never download one.
exec npx --no-install cdk synth --no-notices -q "$@"

#!/bin/sh
# install-deps.sh: the Debian packages newsmill builds, tests and benchmarks with.
# Usage: tools/install-deps.sh [--bench]   (uses sudo when not root)
set -e
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
PKGS="build-essential cmake pkg-config zstd python3 libzstd-dev libjansson-dev libutf8proc-dev
      libcjson-dev libxxhash-dev libcmocka-dev"
[ "${1:-}" = "--bench" ] && PKGS="$PKGS python3-sklearn python3-nltk python3-matplotlib hyperfine time jq"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || echo "install-deps: apt-get update failed; installing from the package lists already here" >&2
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $PKGS

#!/bin/sh
# install-deps.sh: the Debian packages newsmill builds, tests and benchmarks with.
# Usage: tools/install-deps.sh [--bench]   (uses sudo when not root)
#   default  build + test: compiler, cmake, the C libraries, and what the notebook test
#            (ctest -L notebook) executes notebooks/newsmill_tour.ipynb with
#            (pandas, matplotlib, nbconvert, an IPython kernel)
#   --bench  also what bench/run_bench.py and bench/plot_bench.py use: the baselines
#            (scikit-learn, NLTK, jq), GNU time, hyperfine, matplotlib
set -e
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
PKGS="build-essential cmake pkg-config zstd python3 libzstd-dev libjansson-dev libutf8proc-dev
      libcjson-dev libxxhash-dev libcmocka-dev
      python3-pandas python3-matplotlib jupyter-nbconvert python3-nbformat python3-ipykernel"
[ "${1:-}" = "--bench" ] && PKGS="$PKGS python3-sklearn python3-nltk python3-matplotlib hyperfine time jq"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || echo "install-deps: apt-get update failed; installing from the package lists already here" >&2
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $PKGS

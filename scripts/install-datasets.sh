#!/bin/sh
# Installs the real datasets the adaptive-kernel experiments use (docs/reports/adaptive-report.md):
# Fashion-MNIST from the Debian package dataset-fashion-mnist (IDX files, gzip-compressed, under
# /usr/share/datasets/fashion-mnist). The default tests do not need it (they read linear/src/test/resources/data).
set -eu
DIR=/usr/share/datasets/fashion-mnist
if [ -f "$DIR/train-images-idx3-ubyte.gz" ] && [ -f "$DIR/t10k-labels-idx1-ubyte.gz" ]; then
    echo "Fashion-MNIST already installed in $DIR"
    exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
$SUDO apt-get install -y dataset-fashion-mnist || {
    echo "apt-get install failed; run 'apt-get update' first (as root) and retry" >&2
    exit 1
}
dpkg -L dataset-fashion-mnist | grep 'idx.*\.gz$'

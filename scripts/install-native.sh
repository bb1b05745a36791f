#!/usr/bin/env bash
# Optional: installs Debian's OpenBLAS (libblas.so.3), which `dln bench march` measures as the machine's dense
# multiply rate through dev.ludovic.netlib's JNI binding. Nothing else needs it: without it the bench uses EJML's
# rate and every command and test works the same. Needs root (apt-get); run `apt-get update` first on a fresh machine.
set -euo pipefail
if ldconfig -p 2>/dev/null | grep -q 'libblas\.so\.3'; then
  echo "install-native: a libblas.so.3 is already installed" >&2
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "install-native: no apt-get here; install an optimized libblas.so.3 (OpenBLAS) by other means, or skip it" >&2
  exit 0
fi
apt-get install -y libopenblas0-pthread

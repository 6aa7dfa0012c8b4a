#!/usr/bin/env bash
# Installs the outside tools the CI-integration tests run for real:
#   - pre-commit, from Debian's packages (test/precommit.test.ts runs our hook with it);
#   - chromium and a CJK font, from Debian's packages (test/report-html.test.ts renders
#     the HTML report to a PNG with it; without the font Chinese reports draw as boxes);
#   - Microsoft's SARIF validator, the @microsoft/sarif-multitool npm package
#     (test/sarif.test.ts validates `--format sarif` with its `validate` command).
# All stay out of the repository and out of package.json: the validator alone is
# ~100 MB of native .NET binaries that no user of the extension or the CLI needs.
# Idempotent: a tool already in place is kept, so the tests can call this every run.
#
#   bash scripts/setup-ci-tools.sh          # MOT_TOOLS_CACHE overrides the cache folder
# Prints nothing but problems when everything is already installed.
set -Eeuo pipefail

SARIF_VERSION=5.7.0
CACHE="${MOT_TOOLS_CACHE:-$HOME/.cache/mot-call-notes}"
SARIF_DIR="$CACHE/sarif-multitool-$SARIF_VERSION"
# Written last, so an install that died half-way is redone next time.
SARIF_MARKER="$SARIF_DIR/.install-complete"

trap 'rc=$?; echo "setup-ci-tools: FAILED (exit $rc) at line $LINENO" >&2; exit $rc' ERR

if ! command -v pre-commit >/dev/null 2>&1; then
  echo "==> pre-commit (Debian package)"
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
  # apt keeps the downloaded .deb files in its own cache (/var/cache/apt), outside the repo.
  if ! apt-cache show pre-commit >/dev/null 2>&1; then "${sudo[@]}" apt-get update -qq; fi
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends pre-commit >/dev/null
  pre-commit --version
fi

missing=()
for p in chromium fonts-wqy-microhei; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then missing+=("$p"); fi
done
if ((${#missing[@]})); then
  echo "==> ${missing[*]} (Debian packages)"
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
  [ -x /usr/bin/chromium ]
fi

if [ ! -f "$SARIF_MARKER" ]; then
  echo "==> @microsoft/sarif-multitool $SARIF_VERSION into $SARIF_DIR"
  rm -rf "$SARIF_DIR"
  mkdir -p "$SARIF_DIR"
  # Its own folder and package.json: npm must not walk up into a project.
  echo '{ "private": true }' >"$SARIF_DIR/package.json"
  npm install --prefix "$SARIF_DIR" --no-audit --no-fund --no-save --loglevel=error "@microsoft/sarif-multitool@$SARIF_VERSION" >/dev/null
  "$SARIF_DIR/node_modules/.bin/sarif-multitool" --version >/dev/null 2>&1
  touch "$SARIF_MARKER"
fi

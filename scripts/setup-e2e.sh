#!/usr/bin/env bash
# Installs what the end-to-end tests need to run extension tests in a real VS Code
# on a machine without internet: code-server (VS Code 1.100.3 in a Node extension
# host, workbench in the browser), Debian's headless chromium, and the native
# toolchain code-server's install scripts compile with. Everything lands in a cache
# outside the repo, so the work tree stays clean and reruns are cheap.
#
#   bash scripts/setup-e2e.sh          # MOT_E2E_CACHE overrides the cache folder
set -Eeuo pipefail

CS_VERSION=4.100.3
# @vscode/ripgrep (a code-server dependency) downloads this exact asset from GitHub
# in its postinstall unless it finds it in its cache folder.
RG_PKG_VERSION=1.15.11
RG_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

CACHE="${MOT_E2E_CACHE:-$HOME/.cache/mot-call-notes}"
CS_DIR="$CACHE/code-server-$CS_VERSION"
CS_PKG="$CS_DIR/node_modules/code-server"
# Written last, so an install that died half-way is redone from scratch next time.
MARKER="$CS_DIR/.mot-e2e-install-complete"
LOG="$CACHE/setup-code-server-$CS_VERSION.log"

STEP="start"
step() { STEP="$1"; echo "==> $1"; }
trap 'rc=$?; echo "setup-e2e: FAILED in step \"$STEP\" (exit $rc)" >&2; exit $rc' ERR

started=$SECONDS
mkdir -p "$CACHE"

# ---------------------------------------------------------------------------
step "apt packages"
# fonts-wqy-microhei: without a CJK font, chromium draws the Chinese call notes in
# screenshots as empty boxes.
apt_pkgs=(chromium ripgrep libkrb5-dev build-essential python3 fonts-wqy-microhei)
missing=()
for p in "${apt_pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  SUDO=()
  if ((EUID != 0)); then SUDO=(sudo); fi
  echo "    installing: ${missing[*]}"
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "    all present"
fi
for bin in /usr/bin/chromium /usr/bin/rg; do
  [[ -x $bin ]] || { echo "setup-e2e: $bin missing after apt install" >&2; false; }
done

# ---------------------------------------------------------------------------
step "node version"
# The project's one Node requirement, package.json's engines.node (^20.19.0):
# code-server's postinstall refuses anything but Node 20, its native modules are
# built against the running Node's ABI, and mocha 12 needs 20.19.
# test/toolchain.test.ts keeps these two numbers in step with engines.node.
NODE_MAJOR=20
NODE_MIN_MINOR=19
read -r node_major node_minor < <(node -p 'process.versions.node.split(".").slice(0, 2).join(" ")')
if [[ $node_major != "$NODE_MAJOR" ]] || ((node_minor < NODE_MIN_MINOR)); then
  echo "setup-e2e: code-server $CS_VERSION and this project need Node $NODE_MAJOR.$NODE_MIN_MINOR or later in the $NODE_MAJOR line, found $(node -v)" >&2
  false
fi

# ---------------------------------------------------------------------------
if [[ -f $MARKER && -f $CS_PKG/out/node/entry.js ]]; then
  step "code-server $CS_VERSION (already installed)"
else
  step "ripgrep download cache"
  # Same TMPDIR as the npm install below, since @vscode/ripgrep looks in os.tmpdir().
  rg_cache="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-$RG_PKG_VERSION"
  if [[ ! -s $rg_cache/$RG_ASSET ]]; then
    mkdir -p "$rg_cache"
    tar czf "$rg_cache/$RG_ASSET" -C /usr/bin rg
  fi
  echo "    $rg_cache/$RG_ASSET"

  step "code-server $CS_VERSION npm install (a few minutes on a cold npm cache; log: $LOG)"
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  # npm 11 runs a dependency's install scripts only when an allowScripts policy
  # covers it, and code-server is useless without them: argon2 compiles, and
  # code-server's own postinstall runs two nested "npm install"s (lib/vscode and
  # lib/vscode/extensions) whose packages compile too (node-pty, kerberos, spdlog...).
  # A policy on the command line or in the environment (--allow-scripts,
  # npm_config_allow_scripts) is rejected (EALLOWSCRIPTS) in project-scoped installs,
  # and npm exports every non-default config, .npmrc values included, into the
  # environment of the scripts it runs, so no single policy reaches the nested
  # installs. Hence: the outer install with a package.json policy that defers
  # code-server's postinstall, a project .npmrc in each nested folder, then the
  # postinstall run by hand (npm run, where the package's own script needs no policy).
  cat >"$CS_DIR/package.json" <<EOF
{
  "name": "mot-e2e-code-server",
  "private": true,
  "dependencies": { "code-server": "$CS_VERSION" },
  "allowScripts": { "argon2": true, "code-server": false }
}
EOF
  export npm_config_unsafe_perm=true # code-server's postinstall refuses root without it
  export npm_config_yes=true         # node-pty's install script runs "npx node-gyp"
  if ! (cd "$CS_DIR" && npm install --omit=dev --no-audit --no-fund --foreground-scripts) >"$LOG" 2>&1; then
    echo "---- last lines of $LOG ----" >&2
    tail -n 60 "$LOG" >&2
    false
  fi

  step "code-server $CS_VERSION postinstall: nested installs and native builds (log: $LOG)"
  # @vscode/windows-process-tree and @vscode/windows-registry are left out on
  # purpose: Windows-only, and npm lists them as "not yet covered" in the log.
  echo "allow-scripts=@parcel/watcher,@vscode/deviceid,@vscode/ripgrep,@vscode/spdlog,kerberos,native-watchdog,node-pty" \
    >"$CS_PKG/lib/vscode/.npmrc"
  echo "allow-scripts=@parcel/watcher,esbuild" >"$CS_PKG/lib/vscode/extensions/.npmrc"
  if ! (cd "$CS_PKG" && npm run postinstall --foreground-scripts) >>"$LOG" 2>&1; then
    echo "---- last lines of $LOG ----" >&2
    tail -n 60 "$LOG" >&2
    false
  fi

  step "verify code-server's native modules were built"
  vs="$CS_PKG/lib/vscode"
  need=(
    "$CS_PKG/out/node/entry.js"
    "$CS_DIR/node_modules/argon2/lib/binding/napi-v3/argon2.node" # hoisted next to code-server
    "$vs/node_modules/node-pty/build/Release/pty.node"
    "$vs/node_modules/@vscode/spdlog/build/Release/spdlog.node"
    "$vs/node_modules/kerberos/build/Release/kerberos.node"
    "$vs/node_modules/@vscode/ripgrep/bin/rg"
    "$vs/node_modules.asar"
  )
  bad=0
  for f in "${need[@]}"; do
    if [[ ! -e $f ]]; then echo "    missing: $f" >&2; bad=1; fi
  done
  if ((bad)); then
    echo "    (an install script was skipped or failed; see $LOG)" >&2
    grep -n -A12 'not yet covered by allowScripts' "$LOG" >&2 || true
    false
  fi
  touch "$MARKER"
fi

# ---------------------------------------------------------------------------
step "done in $((SECONDS - started))s"
echo "    cache:        $CACHE"
echo "    code-server:  $CS_PKG/out/node/entry.js (VS Code $(node -p "require('$CS_PKG/lib/vscode/package.json').version"))"
echo "    chromium:     /usr/bin/chromium ($(/usr/bin/chromium --version 2>/dev/null | head -n1))"
echo "    ripgrep:      /usr/bin/rg"

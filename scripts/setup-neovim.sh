#!/usr/bin/env bash
# Installs Debian's Neovim (0.7 on bookworm) for the Neovim check in `npm test`,
# which runs the README's Neovim 0.7–0.9 configuration against the server.
# Idempotent: does nothing when `nvim` is already installed; the downloaded
# packages stay in a cache outside the repo (MOT_NEOVIM_CACHE, default
# ~/.cache/mot-call-notes/apt), so a reinstall needs no download.
#
#   bash scripts/setup-neovim.sh
set -Eeuo pipefail

if command -v nvim >/dev/null 2>&1; then
  exit 0
fi
CACHE="${MOT_NEOVIM_CACHE:-$HOME/.cache/mot-call-notes/apt}"
mkdir -p "$CACHE/partial"
APT=(apt-get -o "Dir::Cache::archives=$CACHE" -y -q --no-install-recommends)
if [ "$(id -u)" != 0 ]; then
  echo "setup-neovim: installing Debian's neovim needs root (apt-get install neovim)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# A machine whose package lists were never fetched knows no candidate for neovim yet.
policy="$(apt-cache policy neovim 2>/dev/null || true)"
if ! grep -q 'Candidate: [0-9]' <<<"$policy"; then
  apt-get update -q
fi
if ! "${APT[@]}" install neovim >"$CACHE/install.log" 2>&1; then
  apt-get update -q
  "${APT[@]}" install neovim >>"$CACHE/install.log" 2>&1 || { cat "$CACHE/install.log" >&2; exit 1; }
fi
nvim --version | head -1

#!/usr/bin/env bash
# Installs code-server (VS Code 1.100.3 as a server + web workbench) into .vscode-test/code-server/,
# following /work/shared/reference/vscode-host-recipe.md. code-server's own postinstall downloads
# ripgrep from GitHub, which these machines cannot reach, so it is installed in steps with Debian's rg.
# Idempotent: a stamp file records a finished install of this version; then the script does nothing.
set -euo pipefail

VERSION="${CODE_SERVER_VERSION:-4.100.3}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${CODE_SERVER_CACHE:-$ROOT/.vscode-test/code-server}"
STAMP="$CACHE/.installed"
CS="$CACHE/node_modules/code-server"
START=$SECONDS

if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$VERSION" && -f "$CS/out/node/entry.js" ]]; then
  echo "code-server $VERSION already installed in $CACHE"
  exit 0
fi

RG="$(command -v rg || true)"
if [[ -z "$RG" ]]; then
  echo "ripgrep (rg) is missing: apt-get install -y ripgrep" >&2
  exit 1
fi

# As root, npm drops privileges for lifecycle scripts unless told not to.
if [[ "$(id -u)" == 0 ]]; then export npm_config_unsafe_perm=true; fi
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false npm_config_loglevel=error

# Start clean: a half-finished install is not worth repairing.
rm -rf "$CACHE"
mkdir -p "$CACHE"
# Its own package.json keeps npm from walking up and installing into the repository.
echo '{ "name": "code-server-cache", "private": true }' > "$CACHE/package.json"

step() { echo "[setupCodeServer] $* ($((SECONDS - START)) s)"; }

step "1/5 npm install code-server@$VERSION (scripts off)"
(cd "$CACHE" && npm install --no-save --ignore-scripts "code-server@$VERSION" && npm rebuild argon2)

step "2/5 VS Code's own dependencies"
(cd "$CS/lib/vscode" && npm install --omit=dev --ignore-scripts)

step "3/5 Debian ripgrep in place of the download, then native rebuilds"
mkdir -p "$CS/lib/vscode/node_modules/@vscode/ripgrep/bin"
ln -sf "$RG" "$CS/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"
# node-pty's build script calls npx, which would otherwise ask before installing.
(cd "$CS/lib/vscode" && npm_config_yes=true npm rebuild)

step "4/5 links code-server expects from its release layout"
ln -sfn node_modules "$CS/lib/vscode/node_modules.asar"
(cd "$CS/lib/vscode/bin/remote-cli" && ln -sf code-linux.sh code-server)
(cd "$CS/lib/vscode/bin/helpers" && ln -sf browser-linux.sh browser.sh)

step "5/5 built-in extensions' dependencies"
(cd "$CS/lib/vscode/extensions" && npm install --omit=dev)

echo "$VERSION" > "$STAMP"
step "done: code-server $VERSION in $CACHE"

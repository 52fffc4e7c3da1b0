# Sourced by .ci/setup and .ci/security: how a Go tool is built once per
# machine into a folder of its own under ~/.cache/cong-tools.

# install_tool DIR BINARY PACKAGE@VERSION: go install into DIR unless DIR/BINARY
# is already there. Built into a temporary folder and renamed, so a build that
# fails or is interrupted never leaves a folder that looks finished.
install_tool() {
  local dir="$1" bin="$2" pkg="$3" t0
  [ -x "$dir/$bin" ] && return 0
  echo "== go install $pkg"
  t0=$(date +%s)
  rm -rf "$dir.tmp"
  GOBIN="$dir.tmp" go install "$pkg"
  [ -x "$dir.tmp/$bin" ] || { echo "go install $pkg made no $bin" >&2; return 1; }
  rm -rf "$dir"
  mv "$dir.tmp" "$dir"
  echo "   built in $(($(date +%s) - t0)) s"
}

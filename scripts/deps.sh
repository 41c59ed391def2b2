# Sourced by run.sh and test.sh: makes sure Go and the C libraries that Fyne's
# desktop driver and SQLite need are present, installing with apt-get only what is
# missing.
export PATH="$PATH:/usr/local/go/bin"
command -v go >/dev/null || { echo "Go is not installed: install Go 1.26 from go.dev/dl and run this again." >&2; exit 1; }

need=()
for pkg in gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]} with apt-get..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

# Fyne complains when the locale is C or unset; the app handles it too.
case "${LANG:-}" in ""|C|POSIX) export LANG=C.UTF-8 ;; esac
export CGO_ENABLED=1

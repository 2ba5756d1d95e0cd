# Sourced by scripts/run and scripts/test: installs the Debian packages Sigil needs
# when they are missing (and any named as arguments: the tests add a headless browser),
# and checks that a Swift 6 toolchain is on the PATH.
sigil_setup() {
    local packages=(libssl-dev libsqlite3-dev libncurses-dev libqrencode-dev pkg-config python3-venv tmux "$@")
    local missing=()
    for package in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        echo "Installing ${missing[*]}" >&2
        local sudo=""
        [ "$(id -u)" -ne 0 ] && sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
    if ! command -v swift >/dev/null 2>&1; then
        for candidate in /opt/swift/usr/bin /usr/share/swift/usr/bin; do
            [ -x "$candidate/swift" ] && export PATH="$candidate:$PATH" && break
        done
    fi
    if ! command -v swift >/dev/null 2>&1; then
        echo "Sigil needs a Swift 6 toolchain on the PATH (https://www.swift.org/install/linux/)." >&2
        return 1
    fi
}

#!/usr/bin/env bash
# Make sure the Debian packages given as arguments are installed, installing only what is missing.
#
#   scripts/system-packages.sh libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
#   scripts/system-packages.sh --no-recommends libreoffice-calc
#
# --no-recommends installs without the packages' recommended extras (LibreOffice Calc alone, not the suite).
# Checking first keeps `make install` fast and lets it run without root once everything is there.
# SKIP_SYSTEM_PACKAGES=1 skips the check, for machines where these come from elsewhere.
set -euo pipefail

apt_options=()
if [[ "${1:-}" == "--no-recommends" ]]; then
    apt_options=(--no-install-recommends)
    shift
fi

if [[ $# -eq 0 ]]; then
    echo "Användning: $0 PAKET..." >&2
    exit 2
fi

if [[ "${SKIP_SYSTEM_PACKAGES:-}" == "1" ]]; then
    exit 0
fi

if ! command -v dpkg >/dev/null 2>&1; then
    echo "system-packages: dpkg finns inte, så det går inte att kontrollera systempaketen." >&2
    echo "system-packages: Installera motsvarigheten till: $*" >&2
    echo "system-packages: och kör sedan igen med SKIP_SYSTEM_PACKAGES=1." >&2
    exit 1
fi

missing=()
for package in "$@"; do
    # `dpkg -s` also succeeds for removed packages whose configuration remains, hence the status check.
    if ! dpkg -s "$package" 2>/dev/null | grep -q '^Status: install ok installed$'; then
        missing+=("$package")
    fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi

echo "system-packages: installerar ${missing[*]}"
if [[ $(id -u) -eq 0 ]]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
else
    echo "system-packages: FEL: paketen ${missing[*]} saknas, och det går inte att installera dem" >&2
    echo "system-packages: utan root eller sudo. Be en administratör köra:" >&2
    echo "system-packages:   apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
if ! { "${sudo[@]}" apt-get update && "${sudo[@]}" apt-get install -y "${apt_options[@]}" "${missing[@]}"; }; then
    echo "system-packages: FEL: kunde inte installera ${missing[*]} med apt-get (se utskriften ovan)." >&2
    exit 1
fi

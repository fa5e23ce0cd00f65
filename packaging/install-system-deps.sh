#!/bin/sh
# Installs what the app and its tests need from Debian/Ubuntu when it is missing:
# script fonts (Khmer, Lao, Myanmar, Thai from fonts-noto-core; Chinese from
# fonts-droid-fallback), poppler-utils (PDF tests) and age (packet tests).
# Elsewhere it prints exactly what to install and carries on.
missing=""
have_file() { [ -e "$1" ]; }
have_file /usr/share/fonts/truetype/noto/NotoSansKhmer-Regular.ttf || missing="$missing fonts-noto-core"
have_file /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf || missing="$missing fonts-droid-fallback"
command -v pdftoppm >/dev/null 2>&1 || missing="$missing poppler-utils"
command -v age >/dev/null 2>&1 || missing="$missing age"
[ -z "$missing" ] && exit 0

if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "Please install:$missing  (apt-get install$missing, as root)"; exit 0
    fi
  fi
  echo "Installing from Debian/Ubuntu packages:$missing"
  $SUDO apt-get update -qq >/dev/null 2>&1 || true
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q $missing >/dev/null \
    || echo "Could not install:$missing. Please install them by hand."
else
  echo "Please install fonts for Khmer, Lao, Myanmar, Thai and Chinese (Noto Sans Khmer/Lao/Myanmar/Thai,"
  echo "Droid Sans Fallback), poppler-utils and age with your system's package manager:$missing"
fi
exit 0

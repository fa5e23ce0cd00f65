#!/bin/sh
# Installs what the app and its tests need from Debian/Ubuntu when it is missing:
# script fonts (Khmer, Lao, Myanmar, Thai from fonts-noto-core; Chinese from
# fonts-droid-fallback), poppler-utils (PDF tests), age (packet tests) and the X
# libraries Qt 6.5+ loads for a window (without them `make run` stops with "Could
# not load the Qt platform plugin xcb"), and PostgreSQL's server programs (the relay
# tests start a throwaway cluster with /usr/lib/postgresql/*/bin/initdb).
# Elsewhere it prints exactly what to install and carries on.
missing=""
have_file() { [ -e "$1" ]; }
have_file /usr/share/fonts/truetype/noto/NotoSansKhmer-Regular.ttf || missing="$missing fonts-noto-core"
have_file /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf || missing="$missing fonts-droid-fallback"
command -v pdftoppm >/dev/null 2>&1 || missing="$missing poppler-utils"
command -v age >/dev/null 2>&1 || missing="$missing age"
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 \
  || missing="$missing postgresql"
if command -v ldconfig >/dev/null 2>&1; then
  libs=$(ldconfig -p 2>/dev/null)
  for pair in libxcb-cursor0:libxcb-cursor.so.0 libxcb-icccm4:libxcb-icccm.so.4 \
      libxcb-keysyms1:libxcb-keysyms.so.1 libxcb-image0:libxcb-image.so.0 \
      libxcb-render-util0:libxcb-render-util.so.0 libxcb-randr0:libxcb-randr.so.0 \
      libxcb-shape0:libxcb-shape.so.0 libxcb-xkb1:libxcb-xkb.so.1 \
      libxkbcommon-x11-0:libxkbcommon-x11.so.0 libegl1:libEGL.so.1 libgl1:libGL.so.1 \
      libfontconfig1:libfontconfig.so.1 libdbus-1-3:libdbus-1.so.3; do
    echo "$libs" | grep -q "${pair#*:}" || missing="$missing ${pair%%:*}"
  done
fi
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
  echo "Droid Sans Fallback), poppler-utils, age, PostgreSQL and Qt's X libraries (xcb-cursor, xcb-icccm,"
  echo "xcb-keysyms, xkbcommon-x11) with your system's package manager:$missing"
fi
exit 0

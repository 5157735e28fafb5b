#!/usr/bin/env bash
# Install everything Kencho needs into the project: Debian packages (when run as root), a Python
# virtual environment in .venv and the npm packages in node_modules. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the project needs, each with the file that shows it is already there (Node.js and
# npm may come from elsewhere, e.g. NodeSource, so only their commands are checked).
DEBIAN_NEEDS=(
  "chromium:/usr/bin/chromium"                       # browser tests (Playwright drives Debian's Chromium)
  "fonts-ipaexfont:/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"   # kanji in generated PDFs
  "fonts-noto-cjk:/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
  "libpango-1.0-0:/usr/lib/x86_64-linux-gnu/libpango-1.0.so.0"  # WeasyPrint
  "libpangoft2-1.0-0:/usr/lib/x86_64-linux-gnu/libpangoft2-1.0.so.0"
  "gettext:/usr/bin/msgfmt"                          # compiling the English message catalogue
  "libreoffice-writer-nogui:/usr/lib/libreoffice/program/libswlo.so"  # notices: .docx → PDF
  "tesseract-ocr:/usr/bin/tesseract"                 # AI-OCR: engine, searchable PDFs (ocrmypdf)
  "tesseract-ocr-jpn:/usr/share/tesseract-ocr/5/tessdata/jpn.traineddata"
  "tesseract-ocr-jpn-vert:/usr/share/tesseract-ocr/5/tessdata/jpn_vert.traineddata"
  "tesseract-ocr-script-jpan:/usr/share/tesseract-ocr/5/tessdata/Japanese.traineddata"
  "fonts-klee:/usr/share/fonts/truetype/klee/KleeOne-Regular.ttf"   # handwriting-style test scans
  "ghostscript:/usr/bin/gs"                          # ocrmypdf
  "poppler-utils:/usr/bin/pdftoppm"
)
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  missing=()
  for need in "${DEBIAN_NEEDS[@]}"; do
    pkg="${need%%:*}"; path="${need#*:}"
    if [ ! -e "$path" ] && ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  command -v npm >/dev/null || missing+=(nodejs npm)
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null || PYTHON=python3
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.kencho-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/pip install -q --upgrade pip
  .venv/bin/pip install -q -e '.[dev]'
  touch "$stamp"
fi

if [ ! -d node_modules/@digital-go-jp/design-tokens ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

# The English catalogue is compiled here, not kept in git.
.venv/bin/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

#!/usr/bin/env bash
# Makes sure Debian's Chromium, a CJK font and poppler-utils (pdffonts/pdftotext, to check the
# briefing's PDF) are present for the browser tests.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "WenQuanYi Micro Hei" || missing+=(fonts-wqy-microhei)
command -v pdffonts >/dev/null 2>&1 || missing+=(poppler-utils)
if ((${#missing[@]} == 0)); then exit 0; fi
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} (Debian packages) for the browser tests…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "The browser tests need Debian's Chromium, a CJK font and poppler-utils. Run:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

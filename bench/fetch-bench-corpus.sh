#!/usr/bin/env bash
# Unpacks a corpus of real PDFs (R manuals + LaTeX package manuals, ~170 files, 75 MB)
# from Debian packages into DIR/pdf. Needs apt-get (no root needed for download).
# Usage: bench/fetch-bench-corpus.sh DIR   (then: ./intake bench corpus DIR/pdf)
set -euo pipefail
dir=${1:?usage: fetch-bench-corpus.sh DIR}
mkdir -p "$dir/debs" "$dir/pdf"
cd "$dir/debs"
for pkg in r-doc-pdf texlive-latex-recommended-doc; do
  ls ${pkg}_*.deb >/dev/null 2>&1 || apt-get download "$pkg" >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1; apt-get download "$pkg" >/dev/null; }
done
tmp=$(mktemp -d)
for deb in *.deb; do dpkg -x "$deb" "$tmp"; done
find "$tmp" -name '*.pdf' -exec cp -n {} "$dir/pdf/" \;
rm -rf "$tmp"
echo "$(ls "$dir/pdf" | wc -l) PDFs in $dir/pdf ($(du -sh "$dir/pdf" | cut -f1))"

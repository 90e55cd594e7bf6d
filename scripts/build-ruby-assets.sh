#!/usr/bin/env bash
# Rebuilds workers/ruby/webrick/: WEBrick (pure Ruby, not a default gem since Ruby 3.0) from Debian's ruby-webrick
# package at a pinned version. The Ruby worker bundles these files and writes them into the VM's file system, so
# `require 'webrick'` works as it does in Vercel's Ruby runtime (vc_init.rb requires it).
# The Ruby interpreter itself (ruby+stdlib.wasm) comes from the npm package @ruby/3.3-wasm-wasi (package.json).
# Needs: apt-get (Debian), dpkg. Run from anywhere: bash scripts/build-ruby-assets.sh
set -euo pipefail

VERSION=1.8.1-1
SHA256=65c31aff127cda20f8a10258b0ec28f512fd6f9e89b525e9d3a0bdbe1da7a007 # of ruby-webrick_1.8.1-1_all.deb (bookworm)

root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/workers/ruby/webrick
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$tmp"
apt-get download "ruby-webrick=$VERSION"
deb=$(ls ruby-webrick_*.deb)
echo "$SHA256  $deb" | sha256sum -c -
dpkg -x "$deb" x

rm -rf "$out"
mkdir -p "$out"
lib=x/usr/share/rubygems-integration/all/gems/webrick-${VERSION%-*}/lib
cp -r "$lib/webrick.rb" "$lib/webrick" "$out/"
cp x/usr/share/doc/ruby-webrick/copyright "$out/COPYRIGHT"
find "$out" -type f | sort | sed "s|$root/||"

# The worker imports the Ruby files packed into one JSON file (the glue in workers/ruby/lib and WEBrick).
node "$root/scripts/pack-ruby-lib.mjs"
# The same files precompiled to binary iseq by the pinned ruby.wasm (public/languages/ruby/ruby-iseq.bin).
node "$root/scripts/build-ruby-iseq.mjs"

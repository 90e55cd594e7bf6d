module playground.local/yaegi-main

go 1.19

// The interpreter's sources come from Debian's golang-github-traefik-yaegi-dev package (pinned in
// scripts/build-yaegi.sh); no module is downloaded.
require github.com/traefik/yaegi v0.14.3

replace github.com/traefik/yaegi => /usr/share/gocode/src/github.com/traefik/yaegi

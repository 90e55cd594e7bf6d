#!/bin/sh
# Rebuilds public/languages/python/site-packages.zip: Flask and its pure-Python dependencies from Debian 12's packages
# (pinned below), for the Python runtime (workers/python). The zip is checked in, so `npm ci && npm start` needs no
# Python. Run on Debian 12 (bookworm) or anywhere `apt-get download` reaches its archive; needs python3 for zipping.
set -eu
cd "$(dirname "$0")/.."
OUT=public/languages/python/site-packages.zip
PACKAGES="
python3-flask=2.2.2-3
python3-werkzeug=2.2.2-3+deb12u1
python3-jinja2=3.1.2-1+deb12u3
python3-markupsafe=2.1.2-1+b1
python3-itsdangerous=2.1.2-3
python3-click=8.1.3-2
python3-blinker=1.5-1
"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && apt-get download $PACKAGES)
for deb in "$WORK"/*.deb; do dpkg -x "$deb" "$WORK/root"; done
mkdir -p "$(dirname "$OUT")"
python3 - "$WORK/root/usr/lib/python3/dist-packages" "$OUT" <<'PY'
import os, sys, zipfile
src, out = sys.argv[1], sys.argv[2]
names = ['flask', 'werkzeug', 'jinja2', 'markupsafe', 'itsdangerous', 'click', 'blinker']
# Werkzeug 2.2 builds its URL rules with ast.Str, which Python 3.12 removed (Pyodide ships 3.14): the same change
# Werkzeug 2.3 made upstream, ast.Constant.
PATCHES = {
    'werkzeug/routing/rules.py': [
        ('ast.Str(s=elem)', 'ast.Constant(elem)'),
        ('ast.Str("")', 'ast.Constant("")'),
        ('isinstance(p, ast.Str) and isinstance(ret[-1], ast.Str)',
         'isinstance(p, ast.Constant) and isinstance(p.value, str) and isinstance(ret[-1], ast.Constant) and isinstance(ret[-1].value, str)'),
        ('ret[-1] = ast.Str(ret[-1].s + p.s)', 'ret[-1] = ast.Constant(ret[-1].value + p.value)'),
    ],
}
with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for name in names:
        for dirpath, dirnames, filenames in sorted(os.walk(os.path.join(src, name))):
            dirnames[:] = sorted(d for d in dirnames if d != '__pycache__')
            for f in sorted(filenames):
                # Pure Python only: markupsafe's C speedups have a Python fallback.
                if not f.endswith(('.py', '.pyi', '.typed')):
                    continue
                path = os.path.join(dirpath, f)
                info = zipfile.ZipInfo(os.path.relpath(path, src), date_time=(2024, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                data = open(path, 'rb').read()
                for before, after in PATCHES.get(info.filename, []):
                    assert before.encode() in data, (info.filename, before)
                    data = data.replace(before.encode(), after.encode())
                z.writestr(info, data)
print(out, os.path.getsize(out), 'bytes')
PY

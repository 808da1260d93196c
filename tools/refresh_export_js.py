"""Refresh the JavaScript that the static export copies next to its pages (maintainers only).

    python tools/refresh_export_js.py          # needs node/npm and the npm registry

The static export (``python -m gutwidgets.export build``) must work with no internet and no npm
on the user's machine, so the libraries its pages load are committed in
``gutwidgets/export_assets/vendor/``. This script installs the pinned npm versions below into a
temporary folder, copies (and where needed minifies) the files the pages use, copies their
licences, and records versions and SHA-256 checksums in ``VERSIONS.json`` (the tests check the
files against it). To move to a new version, change ``PINS``, run the script, then run
``python -m pytest tests/test_export.py tests/browser/test_static_export.py``.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEST = ROOT / "gutwidgets" / "export_assets" / "vendor"

#: npm package -> exact version. html-manager 1.x renders ipywidgets 8 state; anywidget's front
#: end must match the Python anywidget's minor version; MathJax 3 typesets the few formulas.
PINS = {
    "@jupyter-widgets/html-manager": "1.0.15",
    "anywidget": "0.11.0",
    "requirejs": "2.3.8",
    "mathjax": "3.2.2",
    "terser": "5.39.0",  # build tool only (minifies require.js); nothing of it is copied
}

IPYWIDGETS_LICENSE = """Copyright (c) 2015 Project Jupyter Contributors
All rights reserved.

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this
   list of conditions and the following disclaimer.

2. Redistributions in binary form must reproduce the above copyright notice,
   this list of conditions and the following disclaimer in the documentation
   and/or other materials provided with the distribution.

3. Neither the name of the copyright holder nor the names of its
   contributors may be used to endorse or promote products derived from
   this software without specific prior written permission.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"
AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE
IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
"""

MIT_LICENSE = """The MIT License (MIT)

{copyright}

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in
all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
THE SOFTWARE.
"""

FONT_AWESOME_NOTE = """The html-manager bundle (embed-amd.js) includes Font Awesome Free 5 (icons on widget
buttons); the three .woff2 files beside it are its fonts.

Font Awesome Free, https://fontawesome.com/license/free
- Icons: CC BY 4.0 License (https://creativecommons.org/licenses/by/4.0/)
- Fonts: SIL OFL 1.1 License (https://scripts.sil.org/OFL)
- Code: MIT License (https://opensource.org/licenses/MIT)
Copyright (c) Fonticons, Inc.
"""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def npm_install(workdir: Path) -> Path:
    (workdir / "package.json").write_text(json.dumps({"name": "export-js", "private": True}))
    specs = [f"{name}@{version}" for name, version in PINS.items()]
    subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", *specs],
                   cwd=workdir, check=True)
    return workdir / "node_modules"


def minify(terser: Path, src: Path, dest: Path) -> None:
    subprocess.run([str(terser), str(src), "--compress", "--mangle", "--comments", "/@license|^!/",
                    "--output", str(dest)], check=True)


def main() -> int:
    if not shutil.which("npm"):
        print("npm not found: install Node.js (npm) to refresh the vendored JavaScript", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="gutwidgets-export-js-") as tmp:
        nm = npm_install(Path(tmp))
        terser = nm / ".bin" / "terser"
        if DEST.exists():
            shutil.rmtree(DEST)
        (DEST / "licenses").mkdir(parents=True)
        (DEST / "mathjax").mkdir()
        manifest: dict[str, dict] = {}

        def record(package: str, license_name: str, files: list[Path]) -> None:
            version = json.loads((nm / package / "package.json").read_text())["version"]
            if version != PINS[package]:
                raise SystemExit(f"{package}: npm gave {version}, expected {PINS[package]}")
            manifest[package] = {
                "version": version,
                "license": license_name,
                "files": {f.relative_to(DEST).as_posix(): sha256(f) for f in files},
            }

        # The widget renderer (ipywidgets' html-manager, AMD build) and the Font Awesome fonts it
        # links next to itself (only woff2: every browser that runs the pages reads it).
        hm = nm / "@jupyter-widgets" / "html-manager" / "dist"
        embed = DEST / "embed-amd.js"
        shutil.copy2(hm / "embed-amd.js", embed)
        fonts = sorted(set(re.findall(r"[0-9a-f]{20}\.woff2", embed.read_text(encoding="utf-8"))))
        for name in fonts:
            shutil.copy2(hm / name, DEST / name)
        (DEST / "licenses" / "html-manager.LICENSE.txt").write_text(IPYWIDGETS_LICENSE)
        shutil.copy2(hm / "embed.js.LICENSE.txt", DEST / "licenses" / "html-manager.THIRD-PARTY.txt")
        (DEST / "licenses" / "font-awesome.LICENSE.txt").write_text(FONT_AWESOME_NOTE)
        record("@jupyter-widgets/html-manager", "BSD-3-Clause (bundles MIT, ISC, BSD and Font Awesome Free)",
               [embed, *(DEST / n for n in fonts)])

        # anywidget's front end (an AMD module that require.js loads as "anywidget").
        aw = DEST / "anywidget.js"
        shutil.copy2(nm / "anywidget" / "dist" / "index.js", aw)
        shutil.copy2(nm / "anywidget" / "LICENSE", DEST / "licenses" / "anywidget.LICENSE.txt")
        record("anywidget", "MIT", [aw])

        # require.js (the html-manager's module loader), minified.
        req = DEST / "require.min.js"
        minify(terser, nm / "requirejs" / "require.js", req)
        (DEST / "licenses" / "requirejs.LICENSE.txt").write_text(
            MIT_LICENSE.format(copyright="Copyright jQuery Foundation and other contributors, https://jquery.org/"))
        record("requirejs", "MIT", [req])

        # MathJax 3, TeX input and SVG output in one file (no font files to fetch).
        mj = DEST / "mathjax" / "tex-svg.js"
        shutil.copy2(nm / "mathjax" / "es5" / "tex-svg.js", mj)
        shutil.copy2(nm / "mathjax" / "LICENSE", DEST / "licenses" / "mathjax.LICENSE.txt")
        record("mathjax", "Apache-2.0", [mj])

    (DEST / "VERSIONS.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    total = sum(f.stat().st_size for f in DEST.rglob("*") if f.is_file())
    print(f"wrote {DEST.relative_to(ROOT)} ({total / 1e6:.1f} MB)")
    for package, info in manifest.items():
        print(f"  {package} {info['version']}: {', '.join(info['files'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Refresh the JavaScript that the static export copies next to its pages (maintainers only).

    python tools/refresh_export_js.py          # needs node/npm and the npm registry

The static export (``python -m gutwidgets.export build``) must work with no internet and no npm
on the user's machine, so the scripts its pages load are committed in
``gutwidgets/export_assets/vendor/``:

- ``widgets/``: the widget renderer, built from ``tools/widget_manager/`` (ipywidgets' model and
  view classes and anywidget's front end, bundled by esbuild at the versions its
  ``package-lock.json`` pins; ``npm ci`` then ``node build.mjs``);
- ``mathjax/``: MathJax 3, for exported notebooks with formulas (installed at ``PINS`` below).

The script records versions and SHA-256 checksums in ``VERSIONS.json`` (the tests check the files
against it, and rebuild ``widgets/`` to check it is current) and copies the licences. To move to a
new version, change ``tools/widget_manager/package.json`` (then ``npm install`` there to update its
lock file) or ``PINS``, run the script, then run
``python -m pytest tests/test_export.py tests/browser/test_static_export.py``.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEST = ROOT / "gutwidgets" / "export_assets" / "vendor"

MANAGER = ROOT / "tools" / "widget_manager"

#: npm package -> exact version, for the files copied as they are published.
PINS = {
    "mathjax": "3.2.2",
}

#: The packages bundled into widgets/widgets.js, as recorded in VERSIONS.json (versions from the
#: build's package-lock.json). anywidget's front end must match the Python anywidget's minor version.
BUNDLED = ["@jupyter-widgets/base", "@jupyter-widgets/base-manager", "@jupyter-widgets/controls",
           "@lumino/widgets", "anywidget", "@fortawesome/fontawesome-free", "jquery"]

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

FONT_AWESOME_NOTE = """The widget renderer (widgets/widgets.css) includes Font Awesome Free 5's stylesheet (icons
on widget buttons); the .woff2 files beside it are its fonts.

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


def build_widget_manager(out: Path) -> None:
    """npm ci in tools/widget_manager (the lock file's versions), then its esbuild build into ``out``."""
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=MANAGER, check=True)
    subprocess.run(["node", str(MANAGER / "build.mjs"), str(out)], check=True)


def bundled_versions() -> dict[str, str]:
    lock = json.loads((MANAGER / "package-lock.json").read_text())["packages"]
    return {name: lock[f"node_modules/{name}"]["version"] for name in BUNDLED}


def main() -> int:
    if not shutil.which("npm"):
        print("npm not found: install Node.js (npm) to refresh the vendored JavaScript", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="gutwidgets-export-js-") as tmp:
        nm = npm_install(Path(tmp))
        if DEST.exists():
            shutil.rmtree(DEST)
        (DEST / "licenses").mkdir(parents=True)
        (DEST / "mathjax").mkdir()
        manifest: dict[str, dict] = {}

        def record(package: str, license_name: str, files: list[Path], version: str | None = None,
                   **extra: object) -> None:
            if version is None:
                version = json.loads((nm / package / "package.json").read_text())["version"]
                if version != PINS[package]:
                    raise SystemExit(f"{package}: npm gave {version}, expected {PINS[package]}")
            manifest[package] = {
                "version": version,
                "license": license_name,
                "files": {f.relative_to(DEST).as_posix(): sha256(f) for f in files},
                **extra,
            }

        # The widget renderer: ipywidgets' classes and anywidget's front end in one esbuild bundle,
        # its stylesheet (with Font Awesome's) and the woff2 fonts that stylesheet names.
        widgets = DEST / "widgets"
        build_widget_manager(widgets)
        bundle = json.loads((MANAGER / "package.json").read_text())
        mnm = MANAGER / "node_modules"
        (DEST / "licenses" / "ipywidgets.LICENSE.txt").write_text(IPYWIDGETS_LICENSE)
        (DEST / "licenses" / "lumino.LICENSE.txt").write_text(
            IPYWIDGETS_LICENSE.replace("Copyright (c) 2015 Project Jupyter Contributors",
                                       "Copyright (c) 2019 Project Jupyter Contributors\n"
                                       "Copyright (c) 2014-2017, PhosphorJS Contributors"))
        shutil.copy2(mnm / "anywidget" / "LICENSE", DEST / "licenses" / "anywidget.LICENSE.txt")
        (DEST / "licenses" / "jquery.LICENSE.txt").write_text(
            MIT_LICENSE.format(copyright="Copyright OpenJS Foundation and other contributors, https://openjsf.org/"))
        (DEST / "licenses" / "font-awesome.LICENSE.txt").write_text(FONT_AWESOME_NOTE)
        record("gutwidgets-widget-manager", "BSD-3-Clause (bundles BSD-3-Clause, MIT and Font Awesome Free)",
               sorted(p for p in widgets.iterdir() if p.is_file()), version=bundle.get("version", "0"),
               bundles=bundled_versions())

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

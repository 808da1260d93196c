"""A zero-install site of the chapters: JupyterLite with Python (Pyodide) running in the browser.

    python -m gutwidgets.lite build site/              # needs `pip install -e ".[lite]"` and npm
    python -m gutwidgets.lite build site/ --wheel numpy-2.4.6-cp314-cp314-pyemscripten_2026_0_wasm32.whl
    python -m http.server -d site/ 8000               # then open http://127.0.0.1:8000/

The folder it writes is plain static files: copy it to any static web host or a USB stick and
serve it with any small local server. Nothing is fetched from the internet at run time: the
JupyterLite application, the widget front ends (ipywidgets, anywidget), the plotting library,
the Python runtime (Pyodide, from the npm package ``pyodide``) and every Python wheel the
chapters import are copied into the folder, listed in its own ``static/pyodide/pyodide-lock.json``.

Where the wheels come from: this package is built from the checkout (its ``data/`` inside);
pure-Python wheels and pydantic-core's WebAssembly wheel come from PyPI; PyYAML is packed from
its source release as a pure-Python wheel (it has a pure-Python parser). numpy for Pyodide is on
neither PyPI nor npm: pass its wheel (one file from the Pyodide release, checked against the
release's sha256) with ``--wheel``, or a full Pyodide distribution folder with ``--pyodide``.
Without it the site still builds; the landing notebook (``index.ipynb``) runs, and chapters that
import the models stop at ``import numpy`` (the landing page says so).

JupyterLite has no Voila: the landing page lists the chapters, each opens in JupyterLite's
notebook view with its code cells collapsed, and "Run > Run All Cells" draws the widgets.
"""

from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

__all__ = ["LiteError", "Wheel", "build", "main", "read_lock", "wheel_record"]

#: The Pyodide release the site carries (jupyterlite-pyodide-kernel 0.8.6 is built for 314.0.x).
PYODIDE_VERSION = "314.0.7"
PYODIDE_ABI = "2026_0"
PYODIDE_PYTHON = "3.14"
WASM_PLATFORM = f"pyemscripten_{PYODIDE_ABI}_wasm32"
#: pydantic and the pydantic-core release it pins; PyPI carries a WebAssembly wheel of that core.
PYDANTIC = ("2.14.4", "2.50.5")
#: numpy's wheel is the one file of Pyodide's package set that no registry here carries.
NUMPY_URL = "https://cdn.jsdelivr.net/pyodide/v{version}/full/{file}"
NUMPY_FILE = f"numpy-2.4.6-cp314-cp314-{WASM_PLATFORM}.whl"  # as Pyodide 314.0.7's lock names it
#: Packages from Pyodide's own package set that the kernel or the chapters import.
LOCK_ROOTS = ("micropip", "ipython", "jedi", "numpy", "pydantic", "pyyaml")
#: Widget packages pinned to the build environment, so Python and front end versions agree.
ENV_PACKAGES = ("ipywidgets", "anywidget", "jupyterlab-widgets", "comm", "psygnal")
#: Preloaded when a kernel starts (the kernel then skips installing them itself).
PRELOAD = ("micropip", "comm", "jedi", "ipython", "gutwidgets")
#: Requirements of this package that the site does not bundle, and why.
NOT_BUNDLED = {
    "ipykernel": "the Pyodide kernel provides its own ipykernel",
    "scipy": "not in the site (the models are to need numpy only)",
}
LABEXTENSIONS = ("@jupyter-widgets/jupyterlab-manager", "anywidget", "@jupyterlite/pyodide-kernel-extension")
#: The Pyodide kernel's front end comes from this wheel, unpacked into the cache, never installed:
#: installed, its JupyterLab extension would load into JupyterLab (where it fails: it needs
#: JupyterLite's services) and into every Voila page.
KERNEL_WHEEL = ("jupyterlite-pyodide-kernel", "0.8.6", "@jupyterlite/pyodide-kernel-extension")
CORE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
APPS = ("lab", "notebooks", "tree")
MANIFEST = "gutwidgets-lite.json"
#: What a Pyodide environment looks like to requirement markers.
MARKER_ENV = {
    "sys_platform": "emscripten",
    "platform_system": "Emscripten",
    "platform_machine": "wasm32",
    "os_name": "posix",
    "implementation_name": "cpython",
    "platform_python_implementation": "CPython",
    "python_version": PYODIDE_PYTHON,
    "python_full_version": PYODIDE_PYTHON + ".2",
    "extra": "",
}

ROOT = Path(__file__).resolve().parents[2]


class LiteError(RuntimeError):
    """A build step that cannot go on; the message says what was wrong and what to do."""


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass
class Wheel:
    """One wheel the site serves, as a pyodide-lock.json record."""

    name: str
    version: str
    path: Path
    depends: list[str] = field(default_factory=list)
    imports: list[str] = field(default_factory=list)
    origin: str = ""

    def record(self) -> dict:
        return {
            "name": self.name,
            "version": self.version,
            "file_name": self.path.name,
            "install_dir": "site",
            "sha256": sha256(self.path),
            "package_type": "package",
            "imports": self.imports,
            "depends": sorted(self.depends),
            "unvendored_tests": False,
            "tool": {},
        }


# ---------------------------------------------------------------- the Pyodide distribution


def read_lock(folder: Path) -> dict:
    """The ``pyodide-lock.json`` of a Pyodide folder, checked to be the release the site needs."""
    lock_path = folder / "pyodide-lock.json"
    if not lock_path.is_file():
        raise LiteError(f"--pyodide {folder}: no pyodide-lock.json there (expected the npm package 'pyodide' "
                        f"{PYODIDE_VERSION} or a Pyodide {PYODIDE_VERSION} release folder)")
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    info = lock.get("info", {})
    if info.get("abi_version") != PYODIDE_ABI or not str(info.get("python", "")).startswith(PYODIDE_PYTHON + "."):
        raise LiteError(f"--pyodide {folder}: Pyodide for Python {info.get('python')} (ABI {info.get('abi_version')}); "
                        f"the site needs Pyodide {PYODIDE_VERSION} (Python {PYODIDE_PYTHON}, ABI {PYODIDE_ABI})")
    missing = [f for f in CORE_FILES if not (folder / f).is_file()]
    if missing:
        raise LiteError(f"--pyodide {folder}: missing {', '.join(missing)}")
    lock["packages"] = {canonical(k): v for k, v in lock["packages"].items()}
    return lock


def _unpack_tgz(archive: Path, dest: Path) -> Path:
    with tarfile.open(archive) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(dest, filter="data")
        else:  # Python < 3.11.4
            tar.extractall(dest)  # an npm or Pyodide release archive
    for candidate in (dest / "package", dest / "pyodide", dest):
        if (candidate / "pyodide-lock.json").is_file():
            return candidate
    raise LiteError(f"--pyodide {archive}: no pyodide-lock.json inside")


def pyodide_folder(spec: str | None, cache: Path, work: Path) -> Path:
    """A folder holding the Pyodide runtime: given, or the npm package fetched once into the cache."""
    if spec:
        path = Path(spec).expanduser()
        if path.is_dir():
            return path
        if path.is_file() and path.name.endswith((".tgz", ".tar.gz", ".tar.bz2")):
            return _unpack_tgz(path, work / "pyodide-src")
        raise LiteError(f"--pyodide {spec}: not a folder or a .tgz/.tar.bz2 archive")
    archive = cache / f"pyodide-{PYODIDE_VERSION}.tgz"
    if not archive.is_file():
        npm = shutil.which("npm")
        if npm is None:
            raise LiteError("the Pyodide runtime comes from the npm package 'pyodide' and npm is not installed: "
                            f"install Node.js, or pass --pyodide FOLDER (an unpacked pyodide@{PYODIDE_VERSION})")
        cache.mkdir(parents=True, exist_ok=True)
        _run([npm, "pack", f"pyodide@{PYODIDE_VERSION}", "--pack-destination", str(cache)],
             f"npm pack pyodide@{PYODIDE_VERSION}")
    return _unpack_tgz(archive, work / "pyodide-src")


# ---------------------------------------------------------------- wheels


def wheel_record(path: Path) -> tuple[str, str, list[str], list[str]]:
    """(name, version, requirements, top-level import names) read from a wheel."""
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        meta_name = next((n for n in names if n.endswith(".dist-info/METADATA") and n.count("/") == 1), None)
        if meta_name is None:
            raise LiteError(f"{path.name}: not a wheel (no .dist-info/METADATA)")
        meta = zf.read(meta_name).decode("utf-8")
        top = next((n for n in names if n.endswith(".dist-info/top_level.txt")), None)
        imports = zf.read(top).decode().split() if top else []
    fields = {}
    requires = []
    for line in meta.split("\n\n", 1)[0].splitlines():
        key, _, value = line.partition(": ")
        if key == "Requires-Dist":
            requires.append(value.strip())
        elif key in ("Name", "Version"):
            fields[key] = value.strip()
    if not imports:
        tops = {n.split("/", 1)[0] for n in names if "/" in n}
        imports = sorted(t for t in tops if not t.endswith((".dist-info", ".data")) and t.isidentifier())
        imports += sorted(n[:-3] for n in names if "/" not in n and n.endswith(".py"))
    return canonical(fields["Name"]), fields["Version"], requires, imports


def _depends(requires: list[str], served: set[str]) -> tuple[list[str], list[str]]:
    """Requirement names that apply in Pyodide, split into (served, not served)."""
    from packaging.requirements import Requirement

    inside, outside = [], []
    for text in requires:
        req = Requirement(text)
        if req.marker is not None and not req.marker.evaluate(MARKER_ENV):
            continue
        name = canonical(req.name)
        (inside if name in served else outside).append(name)
    return sorted(set(inside)), sorted(set(outside))


def _pip(args: list[str], what: str) -> None:
    _run([sys.executable, "-m", "pip", *args], what)


def _run(cmd: list[str], what: str, cwd: Path | None = None, env: dict | None = None) -> None:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-15:])
        raise LiteError(f"{what} failed (exit {proc.returncode}):\n{tail}")


def download_wheels(pins: list[str], dest: Path, deps: bool = False) -> None:
    """Fetch pure-Python or Pyodide wheels (never a Linux one) from PyPI: exact pins, and with
    ``deps`` whatever they require."""
    dest.mkdir(parents=True, exist_ok=True)
    _pip(["download", *([] if deps else ["--no-deps"]), "--only-binary=:all:", "--platform", WASM_PLATFORM,
          "--python-version", PYODIDE_PYTHON, "--implementation", "cp", "--abi", "cp" + PYODIDE_PYTHON.replace(".", ""),
          "--quiet", "-d", str(dest), *pins],
         "pip download " + " ".join(pins))


def pure_pyyaml(version: str, cache: Path) -> Path:
    """PyYAML as a pure-Python wheel, packed from its source release (PyYAML falls back to its
    pure-Python parser when the libyaml binding is absent)."""
    out = cache / "wheels" / f"pyyaml-{version}-py3-none-any.whl"
    if out.is_file():
        return out
    sdist_dir = cache / "sdist"
    # Only PyYAML from source: --no-binary=:all: also built its build requirements (Cython,
    # setuptools) from source to read the sdist's metadata, 282 s with an empty pip cache; 8 s now.
    _pip(["download", "--no-deps", "--no-binary=pyyaml", "--quiet", "-d", str(sdist_dir), f"pyyaml=={version}"],
         f"pip download pyyaml=={version} (source)")
    sdist = next(sdist_dir.glob(f"[pP][yY][yY][aA][mM][lL]-{version}.tar.gz"))
    files: dict[str, bytes] = {}
    with tarfile.open(sdist) as tar:
        for member in tar.getmembers():
            parts = member.name.split("/")
            if member.isfile() and parts[1:3] == ["lib", "yaml"] and member.name.endswith(".py"):
                files["yaml/" + parts[-1]] = tar.extractfile(member).read()
            elif member.isfile() and parts[1:] == ["LICENSE"]:
                files[f"pyyaml-{version}.dist-info/licenses/LICENSE"] = tar.extractfile(member).read()
    if "yaml/__init__.py" not in files:
        raise LiteError(f"{sdist.name}: no lib/yaml/__init__.py inside")
    dist = f"pyyaml-{version}.dist-info"
    files[f"{dist}/METADATA"] = (f"Metadata-Version: 2.1\nName: PyYAML\nVersion: {version}\n"
                                 "Summary: YAML parser and emitter for Python (pure-Python build)\n"
                                 "License: MIT\n").encode()
    files[f"{dist}/WHEEL"] = (b"Wheel-Version: 1.0\nGenerator: gutwidgets.publishing.lite\n"
                              b"Root-Is-Purelib: true\nTag: py3-none-any\n")
    files[f"{dist}/top_level.txt"] = b"yaml\n"
    record = io.StringIO()
    writer = csv.writer(record, lineterminator="\n")
    for name, data in sorted(files.items()):
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        writer.writerow([name, f"sha256={digest}", len(data)])
    writer.writerow([f"{dist}/RECORD", "", ""])
    files[f"{dist}/RECORD"] = record.getvalue().encode()
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in sorted(files.items()):
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return out


def own_wheel(dest: Path) -> Path:
    """This package as a wheel (models, widgets and data/), built from the checkout."""
    if not (ROOT / "pyproject.toml").is_file() or not (ROOT / "notebooks").is_dir():
        raise LiteError(f"{ROOT} is not a checkout of the project (no pyproject.toml or notebooks/): "
                        "run this from a clone installed with `pip install -e .[lite]`")
    dest.mkdir(parents=True, exist_ok=True)
    _pip(["wheel", "--no-deps", "--quiet", "-w", str(dest), str(ROOT)], "pip wheel (this package)")
    return next(dest.glob("gutwidgets-*.whl"))


def _lock_closure(lock: dict, roots: tuple[str, ...]) -> list[str]:
    seen: list[str] = []
    todo = [canonical(r) for r in roots]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        if name not in lock["packages"]:
            raise LiteError(f"Pyodide {PYODIDE_VERSION}'s lock has no package {name!r}")
        seen.append(name)
        todo += [canonical(d) for d in lock["packages"][name]["depends"]]
    return sorted(seen)


def collect_wheels(lock: dict, pyodide_dir: Path, extra: list[Path], cache: Path,
                   work: Path) -> tuple[list[Wheel], list[dict]]:
    """Every wheel the site serves, and the Pyodide packages that could not be had (with how to get them)."""
    pool: dict[str, Path] = {p.name: p for p in pyodide_dir.glob("*.whl")}
    by_file = {rec["file_name"]: name for name, rec in lock["packages"].items()}
    for path in extra:
        if not path.is_file() or not path.name.endswith(".whl"):
            raise LiteError(f"--wheel {path}: no such wheel file")
        if path.name not in by_file:
            raise LiteError(f"--wheel {path.name}: not a file of Pyodide {PYODIDE_VERSION}'s package set "
                            f"(for numpy it is {lock['packages']['numpy']['file_name']})")
        pool[path.name] = path

    names = _lock_closure(lock, LOCK_ROOTS)
    chosen: dict[str, tuple[Path, str]] = {}
    missing: list[dict] = []
    pins: list[str] = []
    resolve: list[str] = []  # downloaded with their requirements
    # Pyodide's own pydantic-core is in a full release only; otherwise PyPI's wasm build, with the
    # pydantic that pins it and what that pydantic requires.
    pydantic_family = set() if lock["packages"]["pydantic-core"]["file_name"] in pool else \
        set(_lock_closure(lock, ("pydantic",)))
    if pydantic_family:
        resolve.append(f"pydantic=={PYDANTIC[0]}")
    for name in names:
        rec = lock["packages"][name]
        local = pool.get(rec["file_name"])
        if local is not None:
            if sha256(local) != rec["sha256"]:
                raise LiteError(f"{local}: sha256 {sha256(local)} is not the {rec['sha256']} that Pyodide "
                                f"{PYODIDE_VERSION} lists for {rec['file_name']}; download it again")
            chosen[name] = (local, "Pyodide " + PYODIDE_VERSION)
        elif name == "numpy":
            missing.append({"name": name, "file_name": rec["file_name"], "sha256": rec["sha256"],
                            "url": NUMPY_URL.format(version=PYODIDE_VERSION, file=rec["file_name"])})
        elif name == "pyyaml":
            chosen[name] = (pure_pyyaml(rec["version"], cache), "PyPI source release, packed pure-Python")
        elif name not in pydantic_family:
            pins.append(f"{name}=={rec['version']}")
    for name in ENV_PACKAGES:
        if name not in names:
            try:
                pins.append(f"{name}=={metadata.version(name)}")
            except metadata.PackageNotFoundError:
                raise LiteError(f"{name} is not installed here; `pip install -e .[lite]` installs it") from None
    wheel_dir = work / "pypi"  # fresh each build (pip's own cache saves the downloads)
    if pins:
        download_wheels(pins, wheel_dir / "pinned")
    if resolve:
        download_wheels(resolve, wheel_dir / "resolved", deps=True)
    for path in sorted(wheel_dir.glob("*/*.whl")):
        name = wheel_record(path)[0]
        if name in chosen:
            raise LiteError(f"two wheels of {name}: {chosen[name][0].name} and {path.name}")
        chosen[name] = (path, "PyPI")
    chosen["gutwidgets"] = (own_wheel(work / "own"), "this checkout")

    served = set(chosen) | {m["name"] for m in missing}
    wheels: list[Wheel] = []
    for name, (path, origin) in sorted(chosen.items()):
        wname, version, requires, imports = wheel_record(path)
        if wname != name:
            raise LiteError(f"{path.name}: holds {wname}, expected {name}")
        if name in lock["packages"] and lock["packages"][name]["version"] == version:  # Pyodide's tested set
            depends = [canonical(d) for d in lock["packages"][name]["depends"]]
            imports = lock["packages"][name]["imports"]
        else:
            depends, outside = _depends(requires, served)
            unknown = [o for o in outside if o not in NOT_BUNDLED and o != "widgetsnbextension"]
            if name == "gutwidgets" and unknown:
                raise LiteError(f"this package requires {', '.join(unknown)}, which the site does not bundle: "
                                "add it to LOCK_ROOTS or ENV_PACKAGES in gutwidgets/publishing/lite.py")
        if name == "gutwidgets":
            depends = [d for d in depends if d not in {m["name"] for m in missing}]
        wheels.append(Wheel(name, version, path, depends, imports, origin))
    return wheels, missing


# ---------------------------------------------------------------- contents and pages


def _title(nb: dict) -> str:
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


RUN_NOTE = ("*Running in your browser.* Python starts when this page opens (the first time it downloads "
            "about 35 MB, then the browser keeps it). Choose **Run > Run All Cells** to draw the widgets; "
            "the code is folded away (click a cell's bar to see it).")


def lite_notebook(path: Path) -> dict:
    """A chapter as the site shows it: the Pyodide kernel, outputs cleared, code folded, a how-to line on top."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["metadata"]["kernelspec"] = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
            cell.setdefault("metadata", {}).setdefault("jupyter", {})["source_hidden"] = True
    note = {"cell_type": "markdown", "id": "gutwidgets-lite-note", "metadata": {"tags": ["gutwidgets-lite"]},
            "source": [RUN_NOTE]}
    nb["cells"].insert(0, note)
    return nb


def chapters() -> list[tuple[str, str]]:
    found = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        found.append((path.name, _title(json.loads(path.read_text(encoding="utf-8"))) or path.stem))
    order = {"index.ipynb": 0, "glossary.ipynb": 2}
    return sorted(found, key=lambda item: (order.get(item[0], 1), item[0]))


def landing_page(items: list[tuple[str, str]], missing: list[dict]) -> str:
    def link(name: str, title: str) -> str:
        return (f'<li><a href="notebooks/index.html?path={html.escape(name)}">{html.escape(title)}</a> '
                f'<span class="file">{html.escape(name)}</span></li>')

    rows = "\n".join(link(n, t) for n, t in items)
    if missing:
        files = ", ".join(f"<code>{html.escape(m['file_name'])}</code>" for m in missing)
        status = ('<p class="status gap" id="runtime-status" data-complete="false">'
                  '<strong>This copy is incomplete.</strong> '
                  f"The in-browser Python lacks {files}, so chapters stop where they first use the models "
                  "(the contents page runs). Whoever built this site can add the file and build again; "
                  "see the project README, section “Zero-install site (JupyterLite)”.</p>")
    else:
        status = ('<p class="status ok" id="runtime-status" data-complete="true">Everything is included: '
                  "this site needs no internet connection.</p>")
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gut permeability: an interactive explainer</title>
<link rel="icon" href="lab/favicon.ico">
<!-- JupyterLite's apps read the site's settings from this element of the root page -->
<script id="jupyter-config-data" type="application/json" data-jupyter-lite-root=".">{{}}</script>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem;
        line-height: 1.5; color: #1a1a1a; }}
h1 {{ font-size: 1.7rem; }}
a {{ color: #0b5394; }}
a:focus {{ outline: 3px solid #E69F00; outline-offset: 2px; }}
li {{ margin: .4rem 0; }}
.file {{ color: #555; font-size: .85rem; margin-left: .4rem; }}
.status {{ padding: .6rem .8rem; border-left: 4px solid; }}
.ok {{ border-color: #009E73; background: #eef8f4; }}
.gap {{ border-color: #D55E00; background: #fdf1ea; }}
.small {{ font-size: .9rem; color: #333; }}
</style>
</head>
<body>
<main>
<h1>Gut permeability: an interactive explainer</h1>
<p>Each chapter is a short story around interactive models. Everything runs in this browser:
Python itself is loaded into the page, so nothing needs installing. Open a chapter, wait until
the kernel reports “Idle”, then choose <strong>Run &gt; Run All Cells</strong>. The first start
takes a little while (it loads Python, about 35 MB); later ones are quicker.</p>
{status}
<h2>Chapters</h2>
<ol>
{rows}
</ol>
<p class="small">Prefer the full editor? <a href="lab/index.html">Open everything in JupyterLab</a>.
This explainer is for learning; it gives no medical advice.</p>
<p class="small">Built with JupyterLite and Pyodide (Python compiled to WebAssembly, MPL-2.0),
ipywidgets, anywidget and plotly.js (MIT).</p>
</main>
</body>
</html>
"""


# ---------------------------------------------------------------- the build


def kernel_package(cache: Path) -> tuple[Path, Path]:
    """The Pyodide kernel, unpacked from its pinned wheel into ``cache``: (its JupyterLab extension,
    the folder to put on the build's PYTHONPATH for its build add-ons)."""
    package, version, name = KERNEL_WHEEL
    dest = cache / "labextensions" / f"{package}-{version}"
    target, python = dest / name, dest / "python"
    if (target / "package.json").is_file() and (python / package.replace("-", "_")).is_dir():
        return target, python
    wheels = cache / "kernel-wheel"
    wheels.mkdir(parents=True, exist_ok=True)
    _pip(["download", "--no-deps", "--only-binary=:all:", "--quiet", "-d", str(wheels), f"{package}=={version}"],
         f"pip download {package}=={version}")
    found = sorted(wheels.glob(f"{package.replace('-', '_')}-{version}-*.whl"))
    if not found:
        raise LiteError(f"pip did not deliver a wheel of {package}=={version} into {wheels}")
    marker = f"/data/share/jupyter/labextensions/{name}/"
    staging = dest.with_name(dest.name + ".unpacking")
    shutil.rmtree(staging, ignore_errors=True)
    with zipfile.ZipFile(found[0]) as zf:
        for member in zf.namelist():
            if member.endswith("/"):
                continue
            if marker in member:
                out = staging / name / member.split(marker, 1)[1]
            elif ".data/" not in member.split("/", 1)[0] + "/":
                out = staging / "python" / member
            else:
                continue
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(zf.read(member))
    if not (staging / name / "package.json").is_file():
        raise LiteError(f"{found[0].name} holds no JupyterLab extension {name}")
    shutil.rmtree(dest, ignore_errors=True)
    staging.rename(dest)
    return target, python


def _labextension(name: str) -> Path:
    from jupyter_core.paths import jupyter_path

    for base in jupyter_path("labextensions"):
        if (Path(base) / name / "package.json").is_file():
            return Path(base) / name
    raise LiteError(f"the JupyterLab extension {name} is not installed here: `pip install -e .[lite]` installs it")


def _check_tools() -> None:
    for module, package in (("jupyterlite_core", "jupyterlite-core"),
                            ("jupyter_server", "jupyter_server")):
        try:
            __import__(module)
        except ImportError:
            raise LiteError(f"{package} is not installed: run `pip install -e \".[lite]\"` first") from None


def _check_output(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise LiteError(f"{out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).is_file():
        raise LiteError(f"{out} is not empty and is not a site built by this command; choose a new or empty folder")


def default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "gutwidgets" / "lite"


def build(out: Path, pyodide: str | None = None, wheels: list[Path] | None = None,
          cache: Path | None = None, log=print) -> dict:
    """Build the site into ``out``; returns the manifest it writes there (``gutwidgets-lite.json``).

    The site is built beside ``out`` and moved into place at the end, so a failed build leaves a
    previous one as it was."""
    _check_tools()
    final = Path(out).resolve()
    _check_output(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = final.parent / f".{final.name}.building"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        manifest = _build(staging, pyodide, wheels, Path(cache or default_cache()).resolve(), log)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(final, ignore_errors=True)
    staging.rename(final)
    return manifest


def _build(out: Path, pyodide: str | None, wheels: list[Path] | None, cache: Path, log) -> dict:
    kernel_ext, kernel_python = kernel_package(cache)
    extensions = [kernel_ext if name == KERNEL_WHEEL[2] else _labextension(name) for name in LABEXTENSIONS]
    with tempfile.TemporaryDirectory(prefix="gutwidgets-lite-") as tmp:
        work = Path(tmp)
        log("Pyodide runtime ...")
        pyodide_dir = pyodide_folder(pyodide, cache, work)
        lock = read_lock(pyodide_dir)
        log("Python wheels ...")
        served, missing = collect_wheels(lock, pyodide_dir, [Path(w).resolve() for w in wheels or []], cache, work)

        lite = work / "lite"
        static = lite / "static" / "pyodide"
        static.mkdir(parents=True)
        for name in CORE_FILES:
            shutil.copy2(pyodide_dir / name, static / name)
        for wheel in served:
            shutil.copy2(wheel.path, static / wheel.path.name)
        packages = {w.name: w.record() for w in served}
        for m in missing:
            log(f"  not bundled: {m['file_name']} (see --help)")
        (static / "pyodide-lock.json").write_text(
            json.dumps({"info": lock["info"], "packages": packages}, indent=1, sort_keys=True), encoding="utf-8")

        contents = lite / "contents"
        contents.mkdir()
        items = chapters()
        for name, _ in items:
            nb = lite_notebook(ROOT / "notebooks" / name)
            (contents / name).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

        config = {
            "jupyter-lite-schema-version": 0,
            "jupyter-config-data": {
                "appName": "Gut permeability explainer",
                "litePluginSettings": {
                    "@jupyterlite/pyodide-kernel-extension:kernel": {
                        "disablePyPIFallback": True,
                        "loadPyodideOptions": {"packages": list(PRELOAD)},
                    }
                },
            },
        }
        (lite / "jupyter-lite.json").write_text(json.dumps(config, indent=1), encoding="utf-8")
        build_config = {
            "LiteBuildConfig": {
                "apps": list(APPS),
                "contents": ["contents"],
                "federated_extensions": [str(p) for p in extensions],
                "ignore_sys_prefix": True,
                "no_sourcemaps": True,
                "output_dir": str(out),
            },
        }
        (lite / "jupyter_lite_config.json").write_text(json.dumps(build_config, indent=1), encoding="utf-8")
        log("jupyter lite build ...")
        env_cmd = [sys.executable, "-m", "jupyterlite_core", "build", "--lite-dir", str(lite)]
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(kernel_python), env.get("PYTHONPATH")]))
        _run(env_cmd, "jupyter lite build", cwd=lite, env=env)

    plotly = out / "gutwidgets" / "static"
    plotly.mkdir(parents=True)
    for name in ("plotly-basic.min.js", "plotly-basic.LICENSE.txt"):
        shutil.copy2(ROOT / "gutwidgets" / "static" / name, plotly / name)
    # Notebook's tab icons, which it looks for under static/favicons/ (as a Jupyter server serves them)
    favicons = out / "static" / "favicons"
    favicons.mkdir(parents=True, exist_ok=True)
    import jupyter_server

    for icon in (Path(jupyter_server.__file__).parent / "static" / "favicons").glob("*.ico"):
        shutil.copy2(icon, favicons / icon.name)
    shutil.copy2(out / "lab" / "favicon.ico", out / "favicon.ico")
    (out / "index.html").write_text(landing_page(items, missing), encoding="utf-8")
    manifest = {
        "pyodide": PYODIDE_VERSION,
        "chapters": [name for name, _ in items],
        "labextensions": list(LABEXTENSIONS),
        "wheels": {w.name: {"file": w.path.name, "version": w.version, "from": w.origin} for w in served},
        "missing": missing,
        "not_bundled": NOT_BUNDLED,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    gap = ("numpy for Pyodide is published only with Pyodide's own release (not on PyPI or npm).\n"
           "With internet, fetch that one file once (about 3 MB):\n"
           f"  curl -LO {NUMPY_URL.format(version=PYODIDE_VERSION, file=NUMPY_FILE)}\n"
           f"and build with --wheel {NUMPY_FILE} (its sha256 is checked against Pyodide's list).")
    parser = argparse.ArgumentParser(prog="python -m gutwidgets.lite", description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=gap)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the static site into a folder", epilog=gap,
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       description="Build the zero-install site (plain static files) into OUTDIR.")
    b.add_argument("outdir", type=Path, help="folder to write (new, empty, or a previous build)")
    b.add_argument("--pyodide", metavar="PATH",
                   help=f"Pyodide {PYODIDE_VERSION}: a folder or .tgz of the npm package 'pyodide', or a full "
                        "release folder (its wheels are used too); default: `npm pack` it once into the cache")
    b.add_argument("--wheel", metavar="FILE", action="append", type=Path, default=[],
                   help="a wheel of Pyodide's package set to bundle (e.g. numpy's); may repeat")
    b.add_argument("--cache", metavar="DIR", type=Path, help=f"download cache (default {default_cache()})")
    args = parser.parse_args(argv)
    try:
        manifest = build(args.outdir, pyodide=args.pyodide, wheels=args.wheel, cache=args.cache)
    except LiteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"Built {args.outdir}: {len(manifest['chapters'])} notebooks, {len(manifest['wheels'])} wheels, "
          f"Pyodide {manifest['pyodide']}.")
    for m in manifest["missing"]:
        print(f"Not bundled: {m['file_name']}. Chapters stop at `import {m['name']}` until you add it:\n"
              f"  curl -LO {m['url']}\n"
              f"  python -m gutwidgets.lite build {args.outdir} --wheel {m['file_name']}")
    print(f"Serve it: python -m http.server -d {args.outdir} 8000, then open http://127.0.0.1:8000/")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Serve the static copy of the chapters: no kernels, no Voila, any class size.

    python -m gutwidgets.serve --static                  # this computer only: http://127.0.0.1:8866/
    python -m gutwidgets.serve --static --network        # the classroom network, behind a token
    python -m gutwidgets.serve --static --rebuild        # build the copy again even if up to date

The copy is what ``python -m gutwidgets.export build`` writes (one HTML page per notebook with its
widgets' state, plus ``assets/``), in ``site/`` beside the notebook folder unless ``--site``
names another folder. It is built first when it is missing or **stale**: the copy records, in
``site/.gutwidgets-site.json``, a hash of what it is made from (the notebooks, ``data/``, the
package's files that end up in a page, the dashboards' stylesheet, the pages asked for and the
versions of the packages that write them) and is rebuilt when that hash changes. A build goes
into a temporary folder beside ``site/`` and replaces it only once complete: a failed build
leaves the previous copy as it was, and nothing is served.

The server is Tornado (installed with Jupyter Server), in this process:

- files of the copy only (names starting with a dot, such as the stamp, are not served);
- text responses gzip-compressed when the browser accepts it, by the rule of Tornado's
  ``compress_response`` (which stays on for everything else, such as error pages), but each
  file is compressed once and kept, not once per request: 300 students then cost no more CPU
  than one;
- cache headers: the scripts vendored under ``assets/`` (the widget renderer, plotly.js,
  MathJax, licences) are kept by the browser for a day; pages and the project's own small
  stylesheets and scripts are revalidated on every visit (ETag, 304 when unchanged);
- the token rules of the Voila route (:func:`gutwidgets.serving.serve.network_token`): on
  127.0.0.1 by default; with ``--network`` on every interface, and every request needs the
  token, in the address (``?token=``), an ``Authorization: token ...`` header, or the cookie a
  browser gets on its first visit with the token. Without it: 403.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import hmac
import json
import mimetypes
import os
import shutil
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from tornado import web

from .. import __version__
from ..publishing import export
from .serve import network_token, print_addresses

__all__ = [
    "DEFAULT_PORT",
    "STAMP",
    "Options",
    "StaticSiteError",
    "build_site",
    "default_site",
    "ensure_site",
    "inputs_digest",
    "is_fresh",
    "make_app",
    "run",
]

PACKAGE = Path(__file__).resolve().parents[1]
#: The record, in the site folder, of what the copy was built from.
STAMP = ".gutwidgets-site.json"
DEFAULT_PORT = 8866
#: Subpackages that never end up in a page: changing them does not make the copy stale.
NOT_IN_PAGES = ("serving", "testtools")
#: Installed packages whose versions shape the pages (the export runs them).
WRITERS = ("ipywidgets", "anywidget", "ipykernel", "nbclient", "nbconvert")
#: Files under assets/ that are vendored (versions in assets/VERSIONS.json): cached for a day.
VENDORED = ("assets/widgets/", "assets/mathjax/", "assets/licenses/", "assets/plotly-basic.min.js")
VENDORED_CACHE = "max-age=86400"
#: How long a browser keeps the token cookie (a school day).
COOKIE_SECONDS = 12 * 3600


class StaticSiteError(Exception):
    """The static copy could not be built or served (the message says why, for the user)."""


# -- what the copy is made from -------------------------------------------------------------
def default_site(notebooks: Path = export.NOTEBOOKS) -> Path:
    """``site/`` beside the notebook folder (in a checkout: ``<checkout>/site``)."""
    return Path(notebooks).absolute().parent / "site"


def _files(folder: Path, skip: tuple[str, ...] = ()) -> list[Path]:
    """Every file under ``folder`` but hidden ones, caches and the top-level folders ``skip``."""
    found = []
    for path in folder.rglob("*"):
        rel = path.relative_to(folder).parts
        if (rel[0] in skip or path.suffix == ".pyc"
                or any(p.startswith(".") or p == "__pycache__" for p in rel) or not path.is_file()):
            continue
        found.append(path)
    return found


def source_files(notebooks: Path = export.NOTEBOOKS) -> dict[str, Path]:
    """What the copy is made from, by a stable label: the notebooks, ``data/``, the package's
    files that end up in a page, and the dashboards' stylesheet."""
    from ..data import data_dir

    out: dict[str, Path] = {}
    for label, folder, skip in (("notebooks", Path(notebooks), ()), ("data", data_dir(), ()),
                                ("gutwidgets", PACKAGE, NOT_IN_PAGES)):
        if not folder.is_dir():
            raise StaticSiteError(f"{label} folder not found: {folder}")
        for path in _files(folder, skip):
            out[f"{label}/{path.relative_to(folder).as_posix()}"] = path
    try:
        out["theme/gutwidgets.css"] = export.theme_css()
    except export.ExportError as exc:
        raise StaticSiteError(str(exc)) from None
    return out


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in WRITERS:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "-"
    return found


def inputs_digest(notebooks: Path = export.NOTEBOOKS, pages: list[str] | None = None) -> str:
    """A hash of everything the copy is made from (see :func:`source_files`), the pages asked for
    and the versions of the packages that write them."""
    h = hashlib.sha256()
    h.update(json.dumps({"gutwidgets": __version__, "pages": sorted(set(pages)) if pages else None,
                         "writers": _versions()}, sort_keys=True).encode())
    for label, path in sorted(source_files(notebooks).items()):
        body = path.read_bytes()
        h.update(f"\0{label}\0{len(body)}\0".encode())
        h.update(body)
    return h.hexdigest()


def read_stamp(site: Path) -> dict[str, Any] | None:
    """The record of a built copy (None if there is none or it cannot be read)."""
    try:
        stamp = json.loads((Path(site) / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return stamp if isinstance(stamp, dict) else None


def is_fresh(site: Path, digest: str) -> bool:
    """Whether ``site`` holds a complete copy built from inputs with this digest."""
    stamp = read_stamp(site)
    return (stamp is not None and stamp.get("inputs") == digest
            and all((Path(site) / name).exists() for name in stamp.get("files", [])))


# -- building -------------------------------------------------------------------------------
def _check_replaceable(site: Path) -> None:
    if site.exists() and not site.is_dir():
        raise StaticSiteError(f"{site} is a file; give --site a folder")
    if site.is_dir():
        entries = [p.name for p in site.iterdir()]
        if entries and export.MARKER not in entries:
            raise StaticSiteError(f"{site} is not empty and holds no static copy ({', '.join(sorted(entries)[:5])}"
                                  f"{', ...' if len(entries) > 5 else ''}); give --site a new folder, so nothing "
                                  "of yours is replaced")


def build_site(site: Path, notebooks: Path = export.NOTEBOOKS, pages: list[str] | None = None, *,
               digest: str | None = None, jobs: int = 2) -> list[Path]:
    """Build the copy into a temporary folder beside ``site`` and swap it in once complete.

    On failure the temporary folder is removed, ``site`` is left as it was, and
    :class:`StaticSiteError` says why. Returns the pages written."""
    site = Path(site).absolute()
    _check_replaceable(site)
    digest = digest or inputs_digest(notebooks, pages)
    site.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{site.name}.building-", dir=site.parent))
    started = time.monotonic()
    try:
        written = export.build(work, notebooks, pages, jobs=jobs)
        stamp = {"inputs": digest, "pages": [p.stem for p in written], "gutwidgets": __version__,
                 "built": time.strftime("%Y-%m-%d %H:%M:%S"), "seconds": round(time.monotonic() - started, 1),
                 "files": [p.name for p in written] + [export.ASSETS]}
        (work / STAMP).write_text(json.dumps(stamp, indent=1) + "\n", encoding="utf-8")
        work.chmod(0o755)  # mkdtemp's 0700 would travel with the folder to a web host
    except export.ExportError as exc:
        shutil.rmtree(work, ignore_errors=True)
        kept = f" and {site} is left as it was" if site.exists() else ""
        raise StaticSiteError(f"the static copy could not be built, so nothing is served{kept}:\n{exc}") from None
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    old = site.with_name(f".{site.name}.old-{uuid.uuid4().hex[:8]}") if site.exists() else None
    if old is not None:
        site.rename(old)
    try:
        work.rename(site)
    except OSError:
        if old is not None:
            old.rename(site)
        shutil.rmtree(work, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return [site / p.name for p in written]


def ensure_site(site: Path, notebooks: Path = export.NOTEBOOKS, pages: list[str] | None = None, *,
                rebuild: bool = False, jobs: int = 2) -> bool:
    """Build the copy unless ``site`` holds one that is up to date; return whether it was built."""
    digest = inputs_digest(notebooks, pages)
    if not rebuild and is_fresh(site, digest):
        return False
    build_site(site, notebooks, pages, digest=digest, jobs=jobs)
    return True


# -- serving --------------------------------------------------------------------------------
def _cookie_value(token: str) -> str:
    """What the token cookie holds: a keyed hash of the token, not the token itself."""
    return hmac.new(token.encode(), b"gutwidgets static site", hashlib.sha256).hexdigest()


def _compressible(content_type: str, size: int) -> bool:
    """Tornado's compress_response rule: text types (and its list of others), at least MIN_LENGTH."""
    rule = web.GZipContentEncoding
    return (content_type.startswith("text/") or content_type in rule.CONTENT_TYPES) and size >= rule.MIN_LENGTH


@dataclass
class _File:
    key: tuple[int, int]  # (mtime_ns, size): a changed file is read again
    body: bytes
    gzipped: bytes | None
    content_type: str
    etag: str


class SiteHandler(web.RequestHandler):
    """The copy's files, with the token check, gzip once per file, ETag and cache headers."""

    _files: ClassVar[dict[str, _File]] = {}

    def initialize(self, root: str) -> None:
        self.root = os.path.realpath(root)

    def prepare(self) -> None:
        token = self.settings.get("gutwidgets_token", "")
        if not token:
            return
        name = self.settings["gutwidgets_cookie"]
        given = self.get_query_argument("token", None)
        auth = self.request.headers.get("Authorization", "")
        if given is None and auth[:6].lower() == "token ":
            given = auth[6:].strip()
        if given is not None and hmac.compare_digest(given.encode(), token.encode()):
            self.set_cookie(name, _cookie_value(token), httponly=True, samesite="Lax", max_age=COOKIE_SECONDS)
            return
        if not hmac.compare_digest(self.get_cookie(name, "").encode(), _cookie_value(token).encode()):
            raise web.HTTPError(403)  # logged once, by the access log

    def _file(self, path: str) -> _File:
        parts = [p for p in path.split("/") if p]
        if any(p.startswith(".") for p in parts):
            raise web.HTTPError(404)
        full = os.path.realpath(os.path.join(self.root, *parts))
        if full != self.root and not full.startswith(self.root + os.sep):
            raise web.HTTPError(404)
        if os.path.isdir(full):
            if path and not path.endswith("/"):
                self.redirect(self.request.path + "/", permanent=True)
                raise web.Finish()
            full = os.path.join(full, "index.html")
        try:
            return self.load(full)
        except OSError:
            raise web.HTTPError(404) from None

    @classmethod
    def load(cls, full: str) -> _File:
        """A file's body, its gzip body (compressed once) and headers; read again if it changed."""
        st = os.stat(full)
        key = (st.st_mtime_ns, st.st_size)
        cached = cls._files.get(full)
        if cached is None or cached.key != key:
            body = Path(full).read_bytes()
            ctype = mimetypes.guess_type(full)[0] or "application/octet-stream"
            gz = gzip.compress(body, compresslevel=9, mtime=0) if _compressible(ctype, len(body)) else None
            cached = _File(key, body, gz, ctype, f'"{hashlib.sha1(body).hexdigest()[:20]}"')
            cls._files[full] = cached
        return cached

    @classmethod
    def preload(cls, root: Path) -> int:
        """Read and compress every file the copy serves, before the first visitor; return the bytes
        kept (the site's size and its gzip copies: the server's memory then stays flat)."""
        kept = 0
        for path in _files(Path(root).resolve()):
            f = cls.load(str(path))
            kept += len(f.body) + len(f.gzipped or b"")
        return kept

    def _send(self, path: str, include_body: bool) -> None:
        f = self._file(path)
        gz = f.gzipped is not None and "gzip" in self.request.headers.get("Accept-Encoding", "")
        body = f.gzipped if gz else f.body
        self.set_header("Content-Type", f.content_type)
        self.set_header("Cache-Control", VENDORED_CACHE if path.startswith(VENDORED) else "no-cache")
        self.set_header("Etag", f.etag[:-1] + '-gz"' if gz else f.etag)  # Vary: set by compress_response
        if gz:
            self.set_header("Content-Encoding", "gzip")
        if self.check_etag_header():
            self.set_status(304)
            return
        self.set_header("Content-Length", len(body))
        if include_body:
            self.write(body)

    def get(self, path: str) -> None:
        self._send(path, include_body=True)

    def head(self, path: str) -> None:
        self._send(path, include_body=False)

    def compute_etag(self) -> str | None:
        return None  # set by _send, per file (and per encoding)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.clear_header("Cache-Control")
        self.set_header("Content-Type", "text/html; charset=utf-8")
        if status_code == 403:
            text = ("This page needs the address your teacher shared, with its token "
                    "(<code>?token=...</code>). Open that address once and this browser keeps it.")
        elif status_code == 404:
            text = "No such page in this copy of the explainer. The chapters are linked from the landing page."
        else:
            text = "The server could not answer this request."
        self.finish(f"<!doctype html><html lang='en'><meta charset='utf-8'><title>{status_code}</title>"
                    f"<h1>{status_code}: {self._reason}</h1><p>{text}</p></html>")


def make_app(site: Path, token: str = "", port: int = DEFAULT_PORT) -> web.Application:
    """The Tornado application serving the copy in ``site`` (``token``: '' on localhost)."""
    return web.Application([(r"/(.*)", SiteHandler, {"root": str(site)})], compress_response=True,
                           gutwidgets_token=token, gutwidgets_cookie=f"gutwidgets-site-{port}")


# -- the command ----------------------------------------------------------------------------
@dataclass
class Options:
    """What ``python -m gutwidgets.serve --static`` was asked for."""

    site: Path
    notebooks: Path = export.NOTEBOOKS
    pages: list[str] | None = None
    network: bool = False
    token: str = ""
    port: int = DEFAULT_PORT
    rebuild: bool = False
    jobs: int = 2

    @classmethod
    def from_args(cls, args: Any) -> Options:
        """From serve.py's parsed arguments; ValueError for a bad combination."""
        notebooks = Path(args.folder)
        if args.folder == "notebooks" and not notebooks.is_dir():  # run from outside the checkout
            notebooks = export.NOTEBOOKS
        return cls(site=args.site or default_site(notebooks), notebooks=notebooks, pages=args.pages,
                   network=args.network, token=network_token(args.network, args.token),
                   port=args.port or DEFAULT_PORT, rebuild=args.rebuild, jobs=min(2, os.cpu_count() or 1))


async def _serve_forever(app: web.Application, port: int, address: str) -> None:
    app.listen(port, address=address)
    await asyncio.Event().wait()


def run(options: Options) -> int:
    """Build the copy if needed, then serve it until Ctrl+C. Returns the exit status."""
    site = Path(options.site).absolute()
    try:
        digest = inputs_digest(options.notebooks, options.pages)
        if options.rebuild or not is_fresh(site, digest):
            why = "as asked" if options.rebuild else "it is missing or older than its notebooks, data or code"
            print(f"Building the static copy in {site} ({why}); this executes every notebook once...", flush=True)
            started = time.monotonic()
            build_site(site, options.notebooks, options.pages, digest=digest, jobs=options.jobs)
            print(f"Built in {time.monotonic() - started:.0f} s.", flush=True)
        else:
            print(f"The static copy in {site} is up to date (built {read_stamp(site)['built']}).", flush=True)
    except StaticSiteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    pages = (read_stamp(site) or {}).get("pages", [])
    start = "" if "index" in pages else f"{pages[0]}.html" if pages else ""
    app = make_app(site, options.token, options.port)
    kept = SiteHandler.preload(site)
    print(f"Serving {len(pages)} static page{'' if len(pages) == 1 else 's'}, no kernels ({kept / 2**20:.1f} MB kept"
          " in memory, gzip copies included).", flush=True)
    print_addresses(options.port, options.token, start)
    try:
        asyncio.run(_serve_forever(app, options.port, "0.0.0.0" if options.network else "127.0.0.1"))
    except OSError as exc:
        print(f"error: cannot listen on port {options.port}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nStopped.")
    return 0

"""Serve the dashboards: on this computer only (default), or to a classroom network with a token.

By default this is exactly ``voila notebooks/`` (``voila.json`` applies: 127.0.0.1 only, no
code shown, no tracebacks, preheated kernels, a cap on live kernels). Students on other devices
can reach the dashboards only when the teacher asks for it explicitly::

    python -m gutwidgets.serve                    # this computer only: http://127.0.0.1:8866/
    python -m gutwidgets.serve --network          # the classroom network, protected by a token
    python -m gutwidgets.serve --network --token classroom-7b
    python -m gutwidgets.serve --network --lesson 03_causes.ipynb --class-size 30
    python -m gutwidgets.serve --static --network  # the static copy: no kernels, any class size

With ``--network`` the server listens on every interface and every page needs the token (a new
random one unless given; at least 8 characters). The address to share, token included, is
printed; a student's browser keeps the token in a cookie after the first visit. Anyone with the
token can view and use the dashboards; nobody can run code through them (Voila accepts only
widget messages from a page).

``--static`` serves the static copy of the chapters instead (no kernels, no Voila; built first
into ``site/`` if it is missing or older than what it is made from): see
:mod:`gutwidgets.serving.static_site`. ``--network`` and ``--token`` work the same way there.

``--lesson`` starts a warm kernel per student for the chapter of the day before the class
arrives (about 110 MB each, a minute or two to prepare on a two-core machine), so thirty pages
open at once without thirty kernels starting at once.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import sys
from pathlib import Path

__all__ = ["lan_addresses", "network_token", "print_addresses", "voila_command"]

MIN_TOKEN = 8


def lan_addresses() -> list[str]:
    """This computer's IPv4 addresses other than loopback (what students type)."""
    found: list[str] = []
    try:
        import psutil

        for addrs in psutil.net_if_addrs().values():
            for a in addrs:
                if a.family == socket.AF_INET and not a.address.startswith("127."):
                    found.append(a.address)
    except Exception:  # psutil missing or no permission: fall back to hostname
        try:
            found = [ip for ip in socket.gethostbyname_ex(socket.gethostname())[2] if not ip.startswith("127.")]
        except OSError:
            found = []
    return sorted(set(found))


def voila_command(folder: str = "notebooks", *, network: bool = False, token: str | None = None,
                  port: int | None = None, max_kernels: int | None = None, lesson: str | None = None,
                  class_size: int = 30) -> tuple[list[str], str]:
    """The Voila command line for these choices, and the token in use ('' on localhost).

    ``lesson`` (a notebook file name) keeps ``class_size`` kernels warm for that chapter, so a
    whole class opening it at once gets pages without waiting for kernels to start.
    """
    cmd = [sys.executable, "-m", "voila", folder]
    if lesson is not None:
        if not lesson.endswith(".ipynb") or "/" in lesson:
            raise ValueError(f"lesson must be a notebook file name such as 03_causes.ipynb; got {lesson!r}")
        if not 1 <= class_size <= 100:
            raise ValueError(f"class_size must be from 1 to 100; got {class_size}")
        pools = {"default": {"pool_size": 1}, lesson: {"pool_size": class_size}}
        cmd.append(f"--VoilaKernelManager.kernel_pools_config={json.dumps(pools)}")
        if max_kernels is None:  # room for the warm kernels, the other pages and their refills
            max_kernels = max(45, class_size + 15)
    if port is not None:
        cmd.append(f"--port={int(port)}")
    if max_kernels is not None:
        if max_kernels < 1:
            raise ValueError(f"max_kernels must be at least 1; got {max_kernels}")
        cmd.append(f"--CappedKernelManager.max_kernels={int(max_kernels)}")
    token = network_token(network, token)
    if not network:
        return cmd, ""
    cmd += ["--Voila.ip=0.0.0.0", f"--Voila.token={token}"]
    return cmd, token


def network_token(network: bool, token: str | None = None) -> str:
    """The token in use (both routes): '' on localhost; with ``network``, ``token`` if it is valid,
    else a new random one. ValueError for a token without ``network``, too short, or with other
    characters."""
    if not network:
        if token:
            raise ValueError("a token only makes sense with --network (localhost needs none)")
        return ""
    token = token or secrets.token_urlsafe(9)
    if len(token) < MIN_TOKEN or not token.replace("-", "").replace("_", "").isalnum():
        raise ValueError(f"token must be at least {MIN_TOKEN} letters, digits, '-' or '_'; got {token!r}")
    return token


def print_addresses(port: int, token: str = "", path: str = "") -> None:
    """Print the address to share: every LAN address with the token, or this computer's."""
    if token:
        print("Classroom network mode. Students open one of:")
        for ip in lan_addresses() or ["<this computer's address>"]:
            print(f"    http://{ip}:{port}/{path}?token={token}")
        print("Keep the token to the class; stop the server with Ctrl+C after the lesson.", flush=True)
    else:
        print(f"This computer only: http://127.0.0.1:{port}/{path}", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--network", action="store_true",
                    help="serve to the classroom network (every page then needs the token)")
    ap.add_argument("--token", help="the token students use (default: a new random one;"
                                    f" at least {MIN_TOKEN} characters)")
    ap.add_argument("--port", type=int, help="port (default 8866, from voila.json)")
    ap.add_argument("--max-kernels", type=int, help="most live kernels (default 45, from voila.json)")
    ap.add_argument("--lesson", help="a chapter to keep warm for the whole class, e.g. 03_causes.ipynb")
    ap.add_argument("--class-size", type=int, default=30, help="students in the class (with --lesson; default 30)")
    ap.add_argument("--folder", default="notebooks")
    static = ap.add_argument_group("the static site (no kernels: python -m gutwidgets.serve --static)")
    static.add_argument("--static", action="store_true",
                        help="serve the static copy of the chapters, built first if missing or stale; no kernels")
    static.add_argument("--site", type=Path, help="where the static copy is built (default: site/ in the checkout)")
    static.add_argument("--rebuild", action="store_true", help="rebuild the static copy even if it is up to date")
    static.add_argument("--pages", nargs="+", metavar="NAME", help="build only these pages, e.g. index 01_the_barrier")
    args = ap.parse_args(argv)
    if args.static:
        from . import static_site

        if args.lesson or args.max_kernels is not None:
            ap.error("--lesson and --max-kernels are for the Voila route: the static site runs no kernels")
        try:
            options = static_site.Options.from_args(args)
        except ValueError as exc:
            ap.error(str(exc))
        return static_site.run(options)
    if args.site or args.rebuild or args.pages:
        ap.error("--site, --rebuild and --pages go with --static")
    try:
        cmd, token = voila_command(args.folder, network=args.network, token=args.token, port=args.port,
                                   max_kernels=args.max_kernels, lesson=args.lesson, class_size=args.class_size)
        if args.lesson and not (Path(args.folder) / args.lesson).is_file():
            raise ValueError(f"no notebook {args.lesson!r} in {args.folder}/")
    except ValueError as exc:
        ap.error(str(exc))
    print_addresses(args.port or 8866, token)
    os.execv(cmd[0], cmd)  # replace this process: Ctrl+C stops Voila directly
    return 0  # pragma: no cover


if __name__ == "__main__":
    raise SystemExit(main())

"""Binder parity: environment.yml (conda-forge, Binder) asks for what pyproject.toml (pip) asks for.

Binder builds the repository with repo2docker, which installs ``environment.yml`` from the
repository root with micromamba and then its ``pip:`` section (``-e .``: this package, its
Voila template and its Jupyter Server extension). The dependencies a conda user gets must be
the ones pip users get: the same packages, with version ranges that pyproject.toml accepts
(otherwise ``pip install -e .`` would pull a second copy from PyPI over the conda one).
"""

from __future__ import annotations

import re
import sys
from urllib.parse import parse_qs, unquote, urlparse

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from .conftest import ROOT

# PyPI name -> conda-forge name, where they differ (none of ours do yet; e.g. "torch": "pytorch").
PYPI_TO_CONDA: dict[str, str] = {}

# In environment.yml on purpose although no runtime dependency of pyproject asks for it: each must
# still be in one of pyproject's extras, with a compatible range.
BINDER_EXTRAS = {
    "jupyterlab": "Binder opens the chapters in JupyterLab too (pyproject's `lab` extra)",
}

# Conda packages that are tooling, not dependencies.
TOOLING = {"pip"}

# pyproject extras whose packages environment.yml must provide (runtime dependencies always).
REQUIRED_EXTRAS = ("serve",)

BADGE = re.compile(r"https://mybinder\.org/v2/gh/[^\s)\"']+")


# -- parsing -------------------------------------------------------------------------------------


def conda_spec(line: str) -> tuple[str, SpecifierSet]:
    """Parse a conda match spec such as ``numpy>=1.24``, ``voila >=0.5.8,<0.6`` or ``python=3.11``.

    Raises ValueError naming the spec for what this check does not understand (build strings,
    ``|`` alternatives, channel prefixes).
    """
    text = line.strip()
    if "::" in text or "|" in text or "[" in text:
        raise ValueError(f"environment.yml: {line!r}: channel prefixes, '|' and brackets are not supported here;"
                         " write 'name>=X,<Y'")
    m = re.fullmatch(r"([A-Za-z0-9_.\-]+)\s*(.*)", text)
    if not m:
        raise ValueError(f"environment.yml: {line!r} is not a conda package spec")
    name = m.group(1)
    version = re.sub(r"\s*([,<>=!~]+)\s*", r"\1", m.group(2).strip())
    if " " in version:
        raise ValueError(f"environment.yml: {line!r}: build strings are not supported here; write 'name>=X,<Y'")
    if not version:
        return canonicalize_name(name), SpecifierSet()
    parts = []
    for part in version.split(","):
        if re.fullmatch(r"=[^=].*", part):  # conda's fuzzy '=1.2' means 1.2.*
            part = "=" + part + ("" if part.endswith("*") else ".*")
        elif re.fullmatch(r"[0-9][^<>=!~]*", part):  # a bare version: exactly that version, fuzzy
            part = "==" + part
        parts.append(part)
    try:
        return canonicalize_name(name), SpecifierSet(",".join(parts))
    except InvalidSpecifier as exc:
        raise ValueError(f"environment.yml: {line!r}: version {version!r} is not understood"
                         " (allowed: comparisons such as >=1.2,<2, or =1.2)") from exc


def environment() -> dict:
    return yaml.safe_load((ROOT / "environment.yml").read_text())


def conda_packages() -> dict[str, SpecifierSet]:
    """environment.yml's conda packages (not its pip section), by canonical name."""
    out: dict[str, SpecifierSet] = {}
    for dep in environment()["dependencies"]:
        if isinstance(dep, str):
            name, spec = conda_spec(dep)
            if name in out:
                raise ValueError(f"environment.yml lists {name!r} twice")
            out[name] = spec
    return out


def pip_section() -> list[str]:
    sections = [d["pip"] for d in environment()["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert len(sections) == 1, "environment.yml needs exactly one 'pip:' section (with '-e .')"
    return [str(x).strip() for x in sections[0]]


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def pip_requirements(groups: tuple[str, ...] | None = None) -> dict[str, list[tuple[str, SpecifierSet]]]:
    """pyproject requirements by conda name: [(where it is asked for, its specifier)].

    ``groups`` picks extras ("" for the runtime dependencies); None means runtime plus every extra.
    """
    project = pyproject()["project"]
    sources = {"": project["dependencies"], **project.get("optional-dependencies", {})}
    out: dict[str, list[tuple[str, SpecifierSet]]] = {}
    for group, reqs in sources.items():
        if groups is not None and group not in groups:
            continue
        where = "dependencies" if group == "" else f"[{group}] extra"
        for text in reqs:
            req = Requirement(text)
            if req.marker is not None and not req.marker.evaluate():
                continue
            name = canonicalize_name(PYPI_TO_CONDA.get(canonicalize_name(req.name), req.name))
            out.setdefault(name, []).append((where, req.specifier))
    return out


# -- comparing ranges ----------------------------------------------------------------------------


def _probe_versions(*specs: SpecifierSet) -> list[Version]:
    """Versions at, between, below and above every bound the specifiers name.

    Version ranges are unions of intervals whose ends are the versions the specifiers name (plus
    the next release for ~= and ==X.*), so checking these points checks the whole ranges.
    """
    bounds = {Version("0"), Version("99999")}
    for spec in specs:
        for s in spec:
            v = Version(s.version.rstrip(".*"))
            rel = v.release
            bounds.add(Version(v.base_version))
            for i in range(1, len(rel) + 1):  # next releases: 1.2.3 -> 2, 1.3, 1.2.4
                bounds.add(Version(".".join(map(str, (*rel[: i - 1], rel[i - 1] + 1)))))
    ordered = sorted(bounds)
    probes = list(ordered)
    for v in ordered:
        probes.append(Version(v.base_version + ".0.0.0.1"))  # just above v, below the next bound
    return sorted(set(probes))


def range_problem(conda: SpecifierSet, pip: SpecifierSet) -> str | None:
    """Why ``conda`` is not compatible with ``pip`` (None if it is).

    Compatible: conda allows only versions pip accepts, and at least one of them.
    """
    probes = _probe_versions(conda, pip)
    extra = [v for v in probes if conda.contains(v) and not pip.contains(v)]
    if extra:
        return f"environment.yml allows {extra[0]}, which pyproject.toml does not accept"
    if not any(conda.contains(v) and pip.contains(v) for v in probes):
        return "no version satisfies both"
    return None


def _show(spec: SpecifierSet) -> str:
    return str(spec) or "(any version)"


# -- the checks ----------------------------------------------------------------------------------


def test_conda_spec_parser():
    assert conda_spec("numpy>=1.24") == ("numpy", SpecifierSet(">=1.24"))
    assert conda_spec("voila >=0.5.8,<0.6") == ("voila", SpecifierSet(">=0.5.8,<0.6"))
    assert conda_spec("python=3.11") == ("python", SpecifierSet("==3.11.*"))
    assert conda_spec("PyYAML") == ("pyyaml", SpecifierSet())
    with pytest.raises(ValueError, match="'numpy 1.2 py311_0': build strings"):
        conda_spec("numpy 1.2 py311_0")
    with pytest.raises(ValueError, match="'|'"):
        conda_spec("numpy>=1|<0.5")


@pytest.mark.parametrize(
    "conda, pip, ok",
    [
        (">=1.24", ">=1.24", True),
        (">=2", ">=1.24", True),  # stricter on the conda side: fine
        (">=1.20", ">=1.24", False),  # conda could install 1.20, which pip would replace
        ("", ">=1.24", False),
        (">=8.1,<9", ">=8.1,<9", True),
        (">=8.1", ">=8.1,<9", False),  # conda could install 9
        ("==3.11.*", ">=3.10", True),
        (">=0.5.8,<0.6", "~=0.5.8", True),
        (">=0.5.8,<0.7", "~=0.5.8", False),
        (">=2,<3", "<2", False),  # nothing in common
    ],
)
def test_range_comparison(conda, pip, ok):
    assert (range_problem(SpecifierSet(conda), SpecifierSet(pip)) is None) is ok


def test_environment_yml_has_every_dependency_with_a_compatible_range():
    conda = conda_packages()
    problems = []
    for name, asks in pip_requirements(("", *REQUIRED_EXTRAS)).items():
        if name not in conda:
            where = ", ".join(w for w, _ in asks)
            problems.append(f"{name}: pyproject.toml asks for {' and '.join(_show(s) for _, s in asks)}"
                            f" ({where}) but environment.yml does not list it")
            continue
        for where, spec in asks:
            why = range_problem(conda[name], spec)
            if why:
                problems.append(f"{name}: environment.yml '{_show(conda[name])}' vs pyproject.toml {where}"
                                f" '{_show(spec)}': {why}")
    assert not problems, "environment.yml and pyproject.toml disagree:\n" + "\n".join(problems)


def test_environment_yml_lists_nothing_pyproject_lacks():
    everything = pip_requirements(None)
    runtime = pip_requirements(("", *REQUIRED_EXTRAS))
    problems = []
    for name, spec in conda_packages().items():
        if name in TOOLING or name == "python" or name in runtime:
            continue
        if name not in BINDER_EXTRAS:
            problems.append(f"{name} ({_show(spec)}): in environment.yml but not a dependency in pyproject.toml;"
                            f" add it to pyproject.toml, or to BINDER_EXTRAS here with the reason")
        elif name not in everything:
            problems.append(f"{name}: listed as a Binder extra but in no pyproject.toml extra")
        else:
            for where, pip_spec in everything[name]:
                why = range_problem(spec, pip_spec)
                if why:
                    problems.append(f"{name}: environment.yml '{_show(spec)}' vs pyproject.toml {where}"
                                    f" '{_show(pip_spec)}': {why}")
    assert not problems, "\n".join(problems)


def test_python_versions_agree():
    conda = conda_packages()
    assert "python" in conda, "environment.yml must name python (repo2docker picks the version from it)"
    requires = SpecifierSet(pyproject()["project"]["requires-python"])
    why = range_problem(conda["python"], requires)
    assert why is None, (f"python: environment.yml '{_show(conda['python'])}' vs pyproject.toml"
                         f" requires-python '{requires}': {why}")


def test_environment_yml_installs_this_package_for_binder():
    assert "conda-forge" in environment()["channels"]
    assert "pip" in conda_packages(), "list 'pip' as a conda package: micromamba needs it for the pip section"
    # '-e .' installs the package with its shared data: the Voila template and the server extension.
    assert pip_section() == ["-e ."], f"the pip section should be exactly ['-e .'], not {pip_section()}"
    # repo2docker reads a binder/ or .binder/ folder instead of the root when one exists.
    for folder in ("binder", ".binder"):
        assert not (ROOT / folder).exists(), f"{folder}/ would make Binder ignore the root environment.yml"


def test_mismatch_names_the_package_and_both_specs(tmp_path, monkeypatch):
    """The parity check fails with the package and both ranges when pyproject moves on alone."""
    mod = sys.modules[__name__]
    moved = (ROOT / "pyproject.toml").read_text().replace('"numpy>=1.24"', '"numpy>=2.1"')
    assert moved != (ROOT / "pyproject.toml").read_text()
    monkeypatch.setattr(mod, "pyproject", lambda: tomllib.loads(moved))
    with pytest.raises(AssertionError) as err:
        mod.test_environment_yml_has_every_dependency_with_a_compatible_range()
    assert "numpy: environment.yml '>=1.24' vs pyproject.toml dependencies '>=2.1'" in str(err.value)


def binder_badge_urls() -> list[str]:
    return BADGE.findall((ROOT / "README.md").read_text())


def binder_urlpath(url: str) -> str:
    """The page a Binder link opens (``urlpath``), e.g. ``voila/render/notebooks/index.ipynb``."""
    query = parse_qs(urlparse(url).query)
    assert "urlpath" in query, f"{url}: a Binder link for the dashboards needs ?urlpath=voila/render/..."
    return unquote(query["urlpath"][0]).lstrip("/")


def test_readme_binder_badge_opens_an_existing_notebook_in_voila():
    urls = binder_badge_urls()
    assert urls, "README.md has no mybinder.org link"
    for url in urls:
        path = binder_urlpath(url)
        assert path.startswith("voila/render/"), f"{url}: should open Voila (voila/render/...), not {path!r}"
        notebook = ROOT / path.removeprefix("voila/render/")
        assert notebook.suffix == ".ipynb" and notebook.is_file(), f"{url}: {notebook} does not exist"
    assert any(binder_urlpath(u) == "voila/render/notebooks/index.ipynb" for u in urls), \
        "the badge should open the landing page, notebooks/index.ipynb"


def landing_urlpath() -> str:
    """What Binder's badge opens; the browser test serves the same path."""
    return binder_urlpath(binder_badge_urls()[0])


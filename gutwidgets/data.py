"""The one reader of ``data/``: curated facts, each with a source and an evidence grade.

Every number a viewer sees comes from a record loaded here. Records live in YAML files in
``data/``; each file names its ``kind`` (one of :data:`KINDS`: ``sources``, ``facts``,
``probes``, ``statements``, ``causes``, ...) and holds a ``records`` list. Several files may
share a kind. To add a kind, define its record class and register it in ``_KINDS``. The loader
validates every record with pydantic and checks that every source a record cites exists. On bad
input it raises :class:`DataError` naming the file, the record and the field, and nothing is
returned half loaded.

Nothing here imports a widget library, so models, tests and scripts can use it freely.
"""

from __future__ import annotations

import functools
import hashlib
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

__all__ = [
    "GRADES",
    "GRADE_LABELS",
    "KINDS",
    "SEARCH_QUERY_KEYS",
    "SOURCE_HOSTS_ALLOWED",
    "SOURCE_HOSTS_REFUSED",
    "Catalogue",
    "Cause",
    "Choice",
    "DataError",
    "Fact",
    "Lesson",
    "Probe",
    "Question",
    "Source",
    "Statement",
    "Strategy",
    "Term",
    "data_dir",
    "is_search_link",
    "load",
]

Grade = Literal["strong", "moderate", "limited", "animal-or-cell-only"]
Basis = Literal["measured", "derived", "assumed", "calibrated"]
#: Kinds of study: a cause's or strategy's ``species`` and a graded record's ``studied_in``.
Species = Literal["human", "animal", "cell culture"]

#: Evidence grades, strongest first.
GRADES: tuple[str, ...] = ("strong", "moderate", "limited", "animal-or-cell-only")

#: How each grade reads on a page.
GRADE_LABELS: dict[str, str] = {
    "strong": "Strong evidence",
    "moderate": "Moderate evidence",
    "limited": "Limited evidence",
    "animal-or-cell-only": "Animal or cell studies only",
}

#: How each basis reads on a page.
BASIS_LABELS: dict[str, str] = {
    "measured": "measured",
    "derived": "derived by calculation from published inputs",
    "assumed": "an assumption, for lack of a published value",
    "calibrated": "a model parameter fitted to published values",
}


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_\-]*$", max_length=60)]


#: Hosts a source's url may not name: aggregators, mirrors, piracy and reprint sites, shops, press
#: coverage, staging servers and secondary summaries. A source points at its DOI, PMID or the
#: publisher's or official page instead. A host matches itself and its subdomains.
SOURCE_HOSTS_REFUSED: tuple[str, ...] = (
    "ablesci.com", "acemap.info", "altmeyers.org", "authorea.com", "biomaterialdatabase.com",
    "bio-protocol.org", "c.coek.info", "colostrumresearch.org", "discovery.researcher.life", "empr.com",
    "homsy-staging.cambridgecore.org", "kipdf.com", "medatanalysis.com", "mecfsatlas.com",
    "metajournal.com", "mokifood.com", "paperexplained.cn", "pdffox.com", "scholarhub.vn", "scilit.com",
    "scilit.net", "scribd.com", "semanticscholar.org", "sites.google.com", "slideshare.net",
    "staging.scite.ai", "studylib.net", "suppr.wilddata.cn", "zana.com",
)

#: Kinds of host a source's url may name when the source has no doi or pmid: journals and
#: publishers, PubMed and PMC, trial registries, government and university pages.
SOURCE_HOSTS_ALLOWED: tuple[str, ...] = (
    ".gov", ".gov.uk", ".nhs.uk", ".europa.eu", ".edu", ".ac.uk", ".ac.nz", "nih.gov",
    "clinicaltrials.gov", "bmj.com", "biologists.com", "biologists.org", "biomedcentral.com",
    "cambridge.org", "comprehensivephysiology.com", "frontiersin.org", "iucr.org",
    "journals.lww.com", "link.springer.com", "nature.com", "onlinelibrary.wiley.com", "ovid.com", "physiology.org",
    "aspetjournals.org", "plos.org", "portlandpress.com", "radboudumc.nl", "sciencedirect.com",
    "sigmaaldrich.com", "wjgnet.com", "bionumbers.hms.harvard.edu", "mdc-berlin.de",
    "arvojournals.org", "gastrojournal.org", "jpharmsci.org",
)

#: Query parameters that make a url a list of search results rather than one publication.
SEARCH_QUERY_KEYS: tuple[str, ...] = ("term", "q", "query", "search", "keyword", "keywords")


def is_search_link(url: str) -> bool:
    """Whether ``url`` is a search-results page (e.g. PubMed ``?term=``) rather than one publication."""
    rest = url.split("://", 1)[-1]
    path, _, query = rest.partition("?")
    keys = {part.split("=", 1)[0].lower() for part in query.replace(";", "&").split("&") if part}
    segments = [s.lower() for s in path.split("/")[1:]]
    return bool(keys & set(SEARCH_QUERY_KEYS)) or "search" in segments


def url_host(url: str) -> str:
    """The host a web address names, lower case, without a port."""
    rest = url.split("://", 1)[-1]
    return rest.split("/", 1)[0].split("?", 1)[0].split(":", 1)[0].lower()


def host_matches(host: str, patterns: tuple[str, ...]) -> str | None:
    """The first pattern ``host`` is or lies under (a pattern starting with a dot is a suffix)."""
    for pattern in patterns:
        bare = pattern.lstrip(".")
        if host == bare or host.endswith("." + bare):
            return pattern
    return None


class Source(_Record):
    """A publication or page that records cite."""

    citation: Annotated[str, Field(min_length=10)]
    doi: str | None = None
    pmid: str | None = None
    url: str | None = None

    @field_validator("url")
    @classmethod
    def _url_not_refused(cls, url: str | None) -> str | None:
        if url:
            refused = host_matches(url_host(url), SOURCE_HOSTS_REFUSED)
            if refused:
                raise ValueError(
                    f"host {refused!r} is an aggregator, mirror, shop, press or staging site; give the"
                    " doi, the pmid or the publisher's or an official page instead"
                )
            if is_search_link(url):
                raise ValueError(
                    "is a search-results link, not a publication; find the paper and give its doi,"
                    " its pmid or the publisher's or an official page"
                )
        return url

    @model_validator(mode="after")
    def _has_locator(self) -> Source:
        if not (self.doi or self.pmid or self.url):
            raise ValueError("a source needs at least one of doi, pmid or url")
        return self

    @property
    def link(self) -> str:
        """The best web address for this source."""
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.pmid:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        return self.url or ""


#: The grade a record must carry when no study behind it was in people (data/README.md).
ANIMAL_OR_CELL_GRADE = "animal-or-cell-only"


class _Graded(_Record):
    """A record with a grade. ``studied_in`` (optional) names every kind of study behind it.

    The grade follows the weakest link (data/README.md): a record whose ``studied_in`` has no
    ``human`` is graded ``animal-or-cell-only``, and a record graded so has no ``human``.
    """

    label: Annotated[str, Field(min_length=2)]
    grade: Grade
    sources: Annotated[list[str], Field(min_length=1)]
    note: Annotated[str, Field(min_length=10)]
    studied_in: list[Species] = []

    @field_validator("studied_in")
    @classmethod
    def _weakest_link(cls, kinds: list[str], info: ValidationInfo) -> list[str]:
        if len(set(kinds)) != len(kinds):
            raise ValueError(f"{kinds} names a kind of study twice")
        grade = info.data.get("grade")  # absent when the grade itself failed validation
        if not kinds or grade is None:
            return kinds
        if "human" not in kinds and grade != ANIMAL_OR_CELL_GRADE:
            raise ValueError(
                f"evidence only from {' and '.join(kinds)} cannot be graded {grade!r}: without a study in"
                f" people the grade is {ANIMAL_OR_CELL_GRADE!r} (weakest-link rule, data/README.md)"
            )
        if "human" in kinds and grade == ANIMAL_OR_CELL_GRADE:
            raise ValueError(
                f"names human, but grade {ANIMAL_OR_CELL_GRADE!r} says no study was in people; grade it"
                " strong, moderate or limited by its weakest link (data/README.md)"
            )
        return kinds


class Fact(_Graded):
    """A number with its unit, plausible range, sources and evidence grade."""

    value: float
    unit: str
    range: tuple[float, float]
    basis: Basis = "measured"

    @field_validator("value")
    @classmethod
    def _finite(cls, v: float) -> float:
        if not math.isfinite(v):
            raise ValueError("must be a finite number")
        return v

    @model_validator(mode="after")
    def _in_range(self) -> Fact:
        low, high = self.range
        if not (math.isfinite(low) and math.isfinite(high)) or low > high:
            raise ValueError(f"range [{low}, {high}] must be two finite numbers, low first")
        if not (low <= self.value <= high):
            raise ValueError(f"value {self.value} lies outside its own range [{low}, {high}]")
        return self


class Probe(Fact):
    """A test molecule: ``value`` is its Stokes (hydrodynamic) radius in ångström."""

    molecular_weight: Annotated[float, Field(gt=0)]
    molecular_weight_unit: Literal["Da", "g/mol"] = "Da"
    used_for: Annotated[str, Field(min_length=5)]

    @field_validator("unit")
    @classmethod
    def _angstrom(cls, v: str) -> str:
        if v != "Å":
            raise ValueError("a probe's radius must be given in Å")
        return v


class Statement(_Graded):
    """A qualitative claim, in plain words, with its grade and sources."""

    text: Annotated[str, Field(min_length=20)]


Route = Literal["pore", "leak", "unrestricted"]


class Cause(_Graded):
    """Something that loosens the barrier: its mechanism chain, route, scale and time course.

    ``fold``, ``onset_days`` and ``recovery_days`` name fact records (each with its own source,
    grade and basis). ``fold`` is the sugar-test ratio rise at ``intensity_reference``; when it
    is null the cause is shown but not modelled, and ``not_modelled_because`` says why.
    """

    species: Species  # what kind of study sizes the effect
    evidence: Annotated[str, Field(min_length=10)]  # kind and size of the studies, in words
    mediator: Annotated[str, Field(min_length=3)]
    junction_change: Annotated[str, Field(min_length=3)]
    route: Route | None = None  # None: acts on something the model does not have
    intensity_label: Annotated[str, Field(min_length=3)]
    intensity_unit: str
    intensity_reference: Annotated[float, Field(gt=0)]
    intensity_max: Annotated[float, Field(gt=0)]
    intensity_step: Annotated[float, Field(gt=0)]
    fold: str | None = None
    onset_days: str | None = None
    recovery_days: str | None = None
    not_modelled_because: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Cause:
        if self.intensity_reference > self.intensity_max:
            raise ValueError(f"intensity_reference {self.intensity_reference} exceeds intensity_max"
                             f" {self.intensity_max}")
        if self.fold is None:
            if not self.not_modelled_because:
                raise ValueError("a cause without a fold must say why in not_modelled_because")
        elif not (self.onset_days and self.recovery_days and self.route):
            raise ValueError("a modelled cause needs a route and onset_days and recovery_days fact ids")
        return self

    @property
    def modelled(self) -> bool:
        """Whether the model gives this cause a size of effect."""
        return self.fold is not None

    def fact_ids(self) -> list[str]:
        """The fact records this cause's numbers come from."""
        return [f for f in (self.fold, self.onset_days, self.recovery_days) if f]


EvidenceKind = Literal["established", "association", "weak-or-conflicting"]


class Outcome(_Graded):
    """A condition linked to gut permeability: what is found, the kind of evidence, and causation.

    ``evidence_kind``: "established" (the barrier is measurably impaired in the condition),
    "association" (found together; cause and effect not shown) or "weak-or-conflicting".
    ``causation`` says in words what is (not) known about cause and effect.
    """

    condition: Annotated[str, Field(min_length=3)]
    evidence_kind: EvidenceKind
    finding: Annotated[str, Field(min_length=20)]
    causation: Annotated[str, Field(min_length=20)]


#: Rungs of the evidence ladder for strategies, strongest kind of evidence first.
RUNGS: dict[str, str] = {
    "repeated-human": "Repeated studies in people",
    "human-trial": "Randomised trials in people: small, or in one setting",
    "human-uncontrolled": "A study in people without a control group",
    "human-indirect": "People: only general health or indirect markers",
    "mechanism-only": "A mechanism, but no study of the strategy",
}


class Strategy(_Graded):
    """A way to support the barrier (chapter 5): its evidence, ladder rung, and modelled effect.

    A modelled strategy (``action`` set) acts on chapter 3's causes named in ``acts_on``:
    ``stop`` ends the exposure, ``set_intensity`` lowers it (for fibre: a smaller shortfall),
    ``protect`` blocks the share of its effect given by the ``effect`` fact. Otherwise
    ``not_modelled_because`` says why the model gives it no effect.
    """

    species: Species
    rung: Literal["repeated-human", "human-trial", "human-uncontrolled", "human-indirect", "mechanism-only"]
    people: Annotated[int, Field(gt=0)] | None = None  # people in the largest barrier study or pool
    evidence: Annotated[str, Field(min_length=10)]
    finding: Annotated[str, Field(min_length=10)]
    acts_on: list[str] = []
    action: Literal["stop", "set_intensity", "protect"] | None = None
    effect: str | None = None
    effect_facts: list[str] = []
    not_modelled_because: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Strategy:
        if self.action is None:
            if not self.not_modelled_because or self.acts_on or self.effect:
                raise ValueError("a strategy without an action must say why in not_modelled_because,"
                                 " and act on nothing")
        else:
            if not self.acts_on or self.not_modelled_because:
                raise ValueError("a modelled strategy needs acts_on (cause ids) and no not_modelled_because")
            if (self.action == "protect") != bool(self.effect):
                raise ValueError("action 'protect' needs an effect fact id (and only it)")
        return self

    @property
    def modelled(self) -> bool:
        """Whether the model gives this strategy an effect."""
        return self.action is not None

    def fact_ids(self) -> list[str]:
        """The fact records this strategy's effect uses."""
        return [f for f in (self.effect, *self.effect_facts) if f]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


Chapter = Annotated[str, Field(pattern=r"^\d\d_[a-z0-9_]+$")]  # a chapter notebook's name, no suffix


class Choice(_Part):
    """One answer to a question, with the feedback a student sees on choosing it."""

    text: Annotated[str, Field(min_length=1)]
    correct: bool = False
    feedback: Annotated[str, Field(min_length=20)]  # why it is right, or why it is wrong


class Question(_Record):
    """A 'check your understanding' question of a chapter (classroom layer).

    ``task`` (optional) asks the student to do something with the chapter's simulation first.
    ``about`` names the graded records (statements, facts...) that back the right answer, so the
    quiz cites their sources. Exactly one choice is correct.

    ``choices`` keep the author's order (the right one may come first); students, the quiz widget,
    the worksheet and the answer key all see them in ``shown_order``, a shuffle fixed by the id.
    """

    chapter: Chapter
    prompt: Annotated[str, Field(min_length=10)]
    task: str | None = None
    choices: Annotated[list[Choice], Field(min_length=2, max_length=6)]
    about: Annotated[list[str], Field(min_length=1)]

    @model_validator(mode="after")
    def _one_correct(self) -> Question:
        right = sum(c.correct for c in self.choices)
        if right != 1:
            raise ValueError(f"exactly one choice must be correct; {right} are")
        return self

    @property
    def shown_order(self) -> tuple[int, ...]:
        """The choices' data indices in the order they are shown.

        A shuffle derived from SHA-256 of the question's id and each choice's index, so it is the
        same in every process and on every page, guide and worksheet, and differs per question.
        """
        def rank(i: int) -> bytes:
            return hashlib.sha256(f"{self.id}\x00{i}".encode()).digest()

        return tuple(sorted(range(len(self.choices)), key=rank))

    @property
    def shown_choices(self) -> list[Choice]:
        """The choices in the order they are shown."""
        return [self.choices[i] for i in self.shown_order]

    @property
    def shown_answer(self) -> int:
        """Where the right choice is shown (position from 0)."""
        return next(k for k, c in enumerate(self.shown_choices) if c.correct)


class Term(_Record):
    """A glossary entry: a textbook definition in plain words.

    Definitions are vocabulary, not findings, so they carry no grade; a definition that touches
    a contested or measured claim names the graded records behind it in ``about``.
    """

    term: Annotated[str, Field(min_length=2)]
    aliases: list[str] = []
    definition: Annotated[str, Field(min_length=20)]
    about: list[str] = []


class Segment(_Part):
    """One part of a lesson plan."""

    minutes: Annotated[int, Field(gt=0, le=45)]
    activity: Annotated[str, Field(min_length=10)]


class Misconception(_Part):
    """A belief students (or adverts) bring, and what the evidence says instead."""

    belief: Annotated[str, Field(min_length=10)]
    correction: Annotated[str, Field(min_length=20)]
    about: Annotated[list[str], Field(min_length=1)]


class Lesson(_Record):
    """Teacher material for one chapter: a 45-minute plan, discussion prompts, misconceptions.

    The id is the chapter notebook's name; objectives, sections and activities come from the
    notebook itself and the answer key from the chapter's questions.
    """

    timing: Annotated[list[Segment], Field(min_length=3)]
    discussion: Annotated[list[str], Field(min_length=2)]
    misconceptions: Annotated[list[Misconception], Field(min_length=1)]

    @model_validator(mode="after")
    def _fits_a_lesson(self) -> Lesson:
        total = sum(s.minutes for s in self.timing)
        if total != 45:
            raise ValueError(f"the timing must add up to a 45-minute lesson; it adds up to {total}")
        return self


_KINDS: dict[str, type[_Record]] = {
    "sources": Source,
    "facts": Fact,
    "probes": Probe,
    "statements": Statement,
    "causes": Cause,
    "outcomes": Outcome,
    "strategies": Strategy,
    "questions": Question,
    "terms": Term,
    "lessons": Lesson,
}

#: The record kinds a data file may declare.
KINDS: tuple[str, ...] = tuple(_KINDS)


class DataError(ValueError):
    """A data file is missing, malformed or cites something that does not exist."""


@dataclass(frozen=True)
class Catalogue:
    """Everything in ``data/``, validated and indexed by id; ``tables`` holds every kind."""

    tables: dict[str, dict[str, _Record]] = field(default_factory=lambda: {k: {} for k in _KINDS})
    files: dict[str, str] = field(default_factory=dict)  # record id -> file name
    descriptions: dict[str, str] = field(default_factory=dict)  # file name -> description

    def of_kind(self, kind: str) -> dict[str, _Record]:
        """Records of one kind by id; ValueError names the allowed kinds."""
        if kind not in _KINDS:
            raise ValueError(f"unknown kind {kind!r}; allowed: {', '.join(_KINDS)}")
        return self.tables.get(kind, {})

    @property
    def sources(self) -> dict[str, Source]:
        return self.of_kind("sources")  # type: ignore[return-value]

    @property
    def facts(self) -> dict[str, Fact]:
        return self.of_kind("facts")  # type: ignore[return-value]

    @property
    def probes(self) -> dict[str, Probe]:
        return self.of_kind("probes")  # type: ignore[return-value]

    @property
    def statements(self) -> dict[str, Statement]:
        return self.of_kind("statements")  # type: ignore[return-value]

    @property
    def causes(self) -> dict[str, Cause]:
        return self.of_kind("causes")  # type: ignore[return-value]

    def graded(self) -> list[_Graded]:
        """Every record that carries a grade and sources, of every kind."""
        return [r for t in self.tables.values() for r in t.values() if isinstance(r, _Graded)]

    def fact(self, record_id: str) -> Fact:
        """Return the fact (or probe) with this id; KeyError names what exists."""
        if record_id in self.facts:
            return self.facts[record_id]
        if record_id in self.probes:
            return self.probes[record_id]
        raise KeyError(f"no fact or probe with id {record_id!r} in data/")

    def statement(self, record_id: str) -> Statement:
        """Return the statement with this id."""
        try:
            return self.statements[record_id]
        except KeyError:
            raise KeyError(f"no statement with id {record_id!r} in data/") from None

    def record(self, record_id: str) -> _Graded:
        """Return any graded record by id, whatever its kind."""
        for table in self.tables.values():
            rec = table.get(record_id)
            if isinstance(rec, _Graded):
                return rec
        raise KeyError(f"no graded record with id {record_id!r} in data/")

    def cited(self, record_ids: list[str] | tuple[str, ...]) -> list[Source]:
        """The sources that these records cite, each once, in order of first citation."""
        seen: dict[str, Source] = {}
        for rid in record_ids:
            for sid in self.record(rid).sources:
                seen.setdefault(sid, self.sources[sid])
        return list(seen.values())


def data_dir() -> Path:
    """Where ``data/`` is: ``$GUTWIDGETS_DATA``, the checkout's ``data/``, or the installed copy."""
    env = os.environ.get("GUTWIDGETS_DATA")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent
    checkout = here.parent / "data"
    if checkout.is_dir():
        return checkout
    return here / "_data"


#: libyaml's safe loader when available: parsing data/ then takes a fraction of the time.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _where(loc: tuple[object, ...]) -> str:
    return ".".join(str(p) for p in loc) or "(record)"


def _load_file(path: Path) -> tuple[str, str, list[_Record]]:
    name = path.name
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)  # a safe loader (no Python objects)
    except yaml.YAMLError as exc:
        raise DataError(f"{name}: not valid YAML: {exc}") from None
    if not isinstance(doc, dict):
        raise DataError(f"{name}: expected a mapping with 'kind', 'description' and 'records'")
    kind = doc.get("kind")
    if kind not in _KINDS:
        raise DataError(f"{name}: field 'kind' is {kind!r}; allowed: {', '.join(_KINDS)}")
    description = doc.get("description")
    if not isinstance(description, str) or not description.strip():
        raise DataError(f"{name}: field 'description' must be a non-empty text")
    raw = doc.get("records")
    if not isinstance(raw, list) or not raw:
        raise DataError(f"{name}: field 'records' must be a non-empty list")
    model = _KINDS[kind]
    records: list[_Record] = []
    for index, item in enumerate(raw):
        rid = item.get("id") if isinstance(item, dict) else None
        who = f"record {rid!r}" if rid else f"record #{index + 1}"
        if not isinstance(item, dict):
            raise DataError(f"{name}, {who}: expected a mapping of fields")
        try:
            records.append(model.model_validate(item))
        except ValidationError as exc:
            err = exc.errors()[0]
            raise DataError(
                f"{name}, {who}, field '{_where(err['loc'])}': {err['msg']}"
                f" (got {err.get('input')!r})"
            ) from None
    return kind, description.strip(), records


@functools.lru_cache(maxsize=4)
def _load_cached(directory: str) -> Catalogue:
    root = Path(directory)
    if not root.is_dir():
        raise DataError(f"data folder not found: {root}")
    paths = sorted(root.glob("*.yaml"))
    if not paths:
        raise DataError(f"no .yaml files in {root}")
    tables: dict[str, dict[str, _Record]] = {k: {} for k in _KINDS}
    files: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    for path in paths:
        kind, description, records = _load_file(path)
        descriptions[path.name] = description
        for rec in records:
            if rec.id in files:
                raise DataError(
                    f"{path.name}, record {rec.id!r}, field 'id': duplicate; already used in"
                    f" {files[rec.id]}"
                )
            files[rec.id] = path.name
            tables[kind][rec.id] = rec
    for table in tables.values():
        for rec in table.values():
            if not isinstance(rec, _Graded):
                continue
            for sid in rec.sources:
                if sid not in tables["sources"]:
                    raise DataError(
                        f"{files[rec.id]}, record {rec.id!r}, field 'sources': cites {sid!r},"
                        " which no sources file defines"
                    )
    facts_and_probes = {**tables["facts"], **tables["probes"]}
    for cause in tables["causes"].values():
        assert isinstance(cause, Cause)
        for fname in ("fold", "onset_days", "recovery_days"):
            fid = getattr(cause, fname)
            if fid is not None and fid not in facts_and_probes:
                raise DataError(
                    f"{files[cause.id]}, record {cause.id!r}, field '{fname}': names fact {fid!r},"
                    " which no facts file defines"
                )
    for strategy in tables["strategies"].values():
        assert isinstance(strategy, Strategy)
        for cid in strategy.acts_on:
            if cid not in tables["causes"]:
                raise DataError(f"{files[strategy.id]}, record {strategy.id!r}, field 'acts_on': names cause"
                                f" {cid!r}, which no causes file defines")
        for fid in strategy.fact_ids():
            if fid not in facts_and_probes:
                raise DataError(f"{files[strategy.id]}, record {strategy.id!r}: names fact {fid!r},"
                                " which no facts file defines")
    graded_ids = {rid for t in tables.values() for rid, rec in t.items() if isinstance(rec, _Graded)}
    for kind in ("questions", "terms", "lessons"):
        for rec in tables[kind].values():
            about = list(getattr(rec, "about", [])) + [a for m in getattr(rec, "misconceptions", []) for a in m.about]
            for rid in about:
                if rid not in graded_ids:
                    raise DataError(f"{files[rec.id]}, record {rec.id!r}, field 'about': names {rid!r},"
                                    " which is no graded record in data/")
    return Catalogue(tables=tables, files=files, descriptions=descriptions)


def load(directory: str | os.PathLike[str] | None = None) -> Catalogue:
    """Load and validate every record in ``data/`` (cached per folder).

    Parameters
    ----------
    directory
        The folder to read; by default :func:`data_dir`.

    Raises
    ------
    DataError
        Naming the file, the record and the field that is wrong.
    """
    return _load_cached(str(Path(directory or data_dir()).resolve()))


Record = Fact | Probe | Statement | Cause

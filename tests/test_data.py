"""data/: every record validates, cites real sources, and feeds the model its numbers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from gutwidgets.data import GRADES, DataError, load
from gutwidgets.models import BarrierConstants

from .conftest import DATA

REQUIRED_PROBES = {
    "water", "glucose", "mannitol", "rhamnose", "lactulose", "sucrose", "sucralose", "peg400",
    "cr_edta", "fd4", "inulin", "albumin", "lps_aggregate",
}


def test_catalogue_loads_with_every_kind(catalogue):
    assert catalogue.sources and catalogue.facts and catalogue.probes and catalogue.statements


def test_probe_catalogue_is_complete(catalogue):
    assert REQUIRED_PROBES <= set(catalogue.probes)


def test_every_graded_record_has_grade_and_resolvable_sources(catalogue):
    records = catalogue.graded()
    assert len(records) > len(catalogue.facts)  # every kind, not just facts
    for rec in records:
        assert rec.grade in GRADES
        assert rec.sources
        for sid in rec.sources:
            src = catalogue.sources[sid]
            assert src.link.startswith("http"), f"{sid} has no web address"


def test_every_source_is_cited(catalogue):
    cited = {s for rec in catalogue.graded() for s in rec.sources}
    assert set(catalogue.sources) == cited


def test_model_defaults_equal_the_data_records(catalogue):
    defaults = BarrierConstants()
    for rid in BarrierConstants.FACT_IDS:
        assert getattr(defaults, rid) == pytest.approx(catalogue.fact(rid).value), rid


def test_probe_sizes_are_ordered_as_published(catalogue):
    r = {k: p.value for k, p in catalogue.probes.items()}
    assert r["water"] < r["mannitol"] < r["lactulose"] < r["fd4"] < r["albumin"] < r["lps_aggregate"]
    assert r["mannitol"] < catalogue.fact("pore_radius").value < r["lactulose"]


def test_animal_only_wording_matches_grade(catalogue):
    for rec in catalogue.graded():
        if rec.grade == "animal-or-cell-only":
            text = (rec.note + getattr(rec, "text", "") + getattr(rec, "evidence", "")).lower()
            words = ("mouse", "mice", "rat", "animal", "cell", "in vitro", "caco-2", "kidney")
            assert any(w in text for w in words), rec.id


# -- bad input: the error names the file, the record and the field -----------------------------

@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "data"
    shutil.copytree(DATA, dest)
    return dest


def _edit(path: Path, record_id: str, **changes):
    doc = yaml.safe_load(path.read_text())
    for rec in doc["records"]:
        if rec["id"] == record_id:
            for k, v in changes.items():
                if v is None:
                    rec.pop(k, None)
                else:
                    rec[k] = v
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"grade": "excellent"}, "grade"),
        ({"sources": []}, "sources"),
        ({"value": 99.0}, "(record)"),  # outside its own range
        ({"unit": "nm"}, "unit"),
        ({"molecular_weight": -5}, "molecular_weight"),
        ({"note": None}, "note"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_probe_record_names_file_record_and_field(data_copy, change, field):
    _edit(data_copy / "probes.yaml", "lactulose", **change)
    with pytest.raises(DataError) as err:
        load(data_copy)
    msg = str(err.value)
    assert "probes.yaml" in msg and "'lactulose'" in msg and field in msg


def test_unknown_source_is_named(data_copy):
    _edit(data_copy / "probes.yaml", "mannitol", sources=["nobody2099"])
    with pytest.raises(DataError, match=r"probes.yaml, record 'mannitol', field 'sources': cites 'nobody2099'"):
        load(data_copy)


def test_duplicate_id_is_named(data_copy):
    doc = yaml.safe_load((data_copy / "probes.yaml").read_text())
    doc["records"].append(dict(doc["records"][0]))
    (data_copy / "probes.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True))
    with pytest.raises(DataError, match="duplicate"):
        load(data_copy)


def test_broken_yaml_is_named(data_copy):
    (data_copy / "pathways.yaml").write_text("kind: facts\nrecords: [unclosed\n")
    with pytest.raises(DataError, match="pathways.yaml: not valid YAML"):
        load(data_copy)


def test_unknown_kind_is_named(data_copy):
    text = (data_copy / "statements.yaml").read_text().replace("kind: statements", "kind: opinions")
    (data_copy / "statements.yaml").write_text(text)
    with pytest.raises(DataError, match="statements.yaml: field 'kind'"):
        load(data_copy)


def test_missing_folder_is_named(tmp_path):
    with pytest.raises(DataError, match="data folder not found"):
        load(tmp_path / "nope")


def test_cause_naming_a_missing_fact_is_named(data_copy):
    _edit(data_copy / "causes.yaml", "alcohol", fold="no_such_fact")
    with pytest.raises(DataError, match=r"causes.yaml, record 'alcohol', field 'fold': names fact 'no_such_fact'"):
        load(data_copy)


def test_cause_without_a_size_must_say_why(data_copy):
    _edit(data_copy / "causes.yaml", "chronic_stress", not_modelled_because=None)
    with pytest.raises(DataError, match=r"causes.yaml, record 'chronic_stress'.*must say why"):
        load(data_copy)


def test_cause_with_an_unknown_species_is_named(data_copy):
    _edit(data_copy / "causes.yaml", "sugar", species="fish")
    with pytest.raises(DataError, match=r"causes.yaml, record 'sugar', field 'species'"):
        load(data_copy)


def test_source_urls_name_no_refused_host_and_every_source_has_an_allowed_locator(catalogue):
    from gutwidgets.data import SOURCE_HOSTS_ALLOWED, SOURCE_HOSTS_REFUSED, host_matches, url_host

    refused, unlocated = [], []
    for source in catalogue.sources.values():
        host = url_host(source.url) if source.url else ""
        if host and host_matches(host, SOURCE_HOSTS_REFUSED):
            refused.append((source.id, host))
        if not (source.doi or source.pmid or (host and host_matches(host, SOURCE_HOSTS_ALLOWED))):
            unlocated.append((source.id, host))
    assert not refused, f"source urls on refused hosts: {refused}"
    assert not unlocated, f"sources with no doi, no pmid and no url on an allowed kind of host: {unlocated}"


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("https://pdffox.com/tnfalpha-pdf-free.html", ("aggregator", "doi")),
        ("https://staging.scite.ai/authors/someone", ("aggregator", "doi")),
        ("http://www.scilit.com/publications/abc", ("aggregator", "doi")),
        ("https://suppr.wilddata.cn/browses/detail/pubmed/1", ("aggregator", "doi")),
        ("https://pubmed.ncbi.nlm.nih.gov/?term=PEG+400%2C+a+hydrophilic+molecular+probe", ("search-results",)),
        ("https://www.ncbi.nlm.nih.gov/pmc/?term=claudin", ("search-results",)),
        ("https://scholar.google.com/scholar?q=zonulin", ("search-results",)),
        ("https://www.sciencedirect.com/search?qs=lactulose", ("search-results",)),
    ],
)
def test_source_on_a_refused_host_or_a_search_link_is_named(data_copy, url, words):
    _edit(data_copy / "sources.yaml", "france2017", url=url)
    with pytest.raises(DataError) as err:
        load(data_copy)
    msg = str(err.value)
    assert "sources.yaml" in msg and "'france2017'" in msg and "field 'url'" in msg
    assert all(w in msg for w in words), msg


def test_source_on_an_official_host_loads(data_copy):
    _edit(data_copy / "sources.yaml", "france2017", url="https://journals.biologists.com/jcs/article/130/2/307/56483")
    assert load(data_copy).sources["france2017"].url.startswith("https://journals.biologists.com/")


# -- evidence grades follow the weakest link (data/README.md) ----------------------------------

#: Records the grade review named or whose note says they rest on cells or animals only.
WEAKEST_LINK_RECORDS = {
    "barrier_loss_not_sufficient": "moderate", "three_routes": "moderate",
    "zonulin_is_prehaptoglobin2": "limited", "leak_radius": "animal-or-cell-only",
    "pore_radius": "animal-or-cell-only", "caco2_teer": "animal-or-cell-only",
    "tnf_half_effect_dose": "animal-or-cell-only", "tnf_leak_rise": "animal-or-cell-only",
}


def test_grades_follow_the_weakest_link_in_the_data(catalogue):
    for rec in catalogue.graded():
        if rec.studied_in:
            assert ("human" in rec.studied_in) == (rec.grade != "animal-or-cell-only"), rec.id
    for rid, grade in WEAKEST_LINK_RECORDS.items():
        rec = catalogue.record(rid)
        assert rec.studied_in and rec.grade == grade, rid
    assert "su2009" in catalogue.record("barrier_loss_not_sufficient").sources


@pytest.mark.parametrize("grade", ["strong", "moderate", "limited"])
def test_animal_or_cell_evidence_graded_higher_is_refused(data_copy, grade):
    _edit(data_copy / "pathways.yaml", "leak_radius", grade=grade)
    with pytest.raises(DataError) as err:
        load(data_copy)
    msg = str(err.value)
    assert "pathways.yaml, record 'leak_radius', field 'studied_in'" in msg
    assert f"cell culture and animal cannot be graded '{grade}'" in msg and "'animal-or-cell-only'" in msg


def test_animal_or_cell_grade_naming_human_studies_is_refused(data_copy):
    _edit(data_copy / "pathways.yaml", "pore_radius", studied_in=["cell culture", "human"])
    with pytest.raises(DataError, match=r"pathways.yaml, record 'pore_radius', field 'studied_in': .*names human"):
        load(data_copy)


@pytest.mark.parametrize("studied_in", [["animal", "animal"], ["fish"]])
def test_bad_studied_in_is_named(data_copy, studied_in):
    _edit(data_copy / "statements.yaml", "three_routes", studied_in=studied_in)
    with pytest.raises(DataError, match=r"statements.yaml, record 'three_routes', field 'studied_in"):
        load(data_copy)


# -- a source names one publication, never a list of search results ---------------------------

def test_no_source_url_is_a_search_results_link(catalogue):
    from gutwidgets.data import is_search_link

    searches = [(s.id, s.url) for s in catalogue.sources.values() if s.url and is_search_link(s.url)]
    assert not searches, f"source urls that are search results, not publications: {searches}"
    assert not [s.id for s in catalogue.sources.values() if "term=" in (s.url or "")]




def test_a_publication_url_is_no_search_link():
    from gutwidgets.data import is_search_link

    assert not is_search_link("https://pubmed.ncbi.nlm.nih.gov/25598426/")
    assert not is_search_link("https://www.gov.uk/government/publications/sacn-carbohydrates-and-health-report")
    assert not is_search_link("https://researchsearch.example.edu/articles/1")


def test_every_record_without_human_study_names_its_kinds_of_study(catalogue):
    """The weakest-link rule is only enforceable where the data says what was studied: every record
    graded animal-or-cell-only (in every data file) names its kinds of study, and every cause or
    strategy whose size comes from animals or cells lists that kind among its studies."""
    unnamed = [(catalogue.files[r.id], r.id) for r in catalogue.graded()
               if r.grade == "animal-or-cell-only" and not r.studied_in]
    assert not unnamed, f"animal-or-cell-only records without studied_in: {unnamed}"
    for rec in [*catalogue.causes.values(), *catalogue.tables["strategies"].values()]:
        if rec.species != "human":
            assert rec.species in rec.studied_in, (rec.id, rec.species, rec.studied_in)


@pytest.mark.parametrize(
    ("file", "record", "grade"),
    [
        ("causes.yaml", "sugar", "limited"),
        ("causes_facts.yaml", "low_fibre_ratio_rise", "moderate"),
        ("statements.yaml", "mlck_contracts_ring", "strong"),
        ("strategies.yaml", "more_fibre", "limited"),
        ("support_facts.yaml", "butyrate_optimum", "moderate"),
        ("systemic.yaml", "metabolic_endotoxemia_fold", "limited"),
    ],
)
def test_weakest_link_is_enforced_in_every_kind_of_file(data_copy, file, record, grade):
    """A record whose studies include no human one cannot be graded above animal-or-cell-only,
    whatever file or kind it is (facts, statements, causes, strategies)."""
    _edit(data_copy / file, record, grade=grade, studied_in=["animal", "cell culture"])
    with pytest.raises(DataError) as err:
        load(data_copy)
    msg = str(err.value)
    assert f"{file}, record '{record}', field 'studied_in'" in msg and f"cannot be graded '{grade}'" in msg

"""The command line, run as a real process: output, JSON and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BUNDLED_ACTS, RI, run_kb
from lxml import etree

from kb.ingest.load import bundled_statutes
from kb.text import clean


def xml_stk_text(file: str, par: str, stk: int) -> str:
    tree = etree.parse(str(RI / file))
    for p in tree.iter("Paragraf"):
        if clean(p.findtext("Explicatus") or "") == f"§ {par}.":
            el = p.findall("Stk")[stk - 1]
            lines = ["".join(line.itertext()) for line in el.iter("Linea")]
            return clean(" ".join(lines))
    raise AssertionError(f"§ {par} not in {file}")


def test_show_prints_the_stk_word_for_word(store_url):
    out = run_kb("show", "forvaltningsloven § 24, stk. 2")
    assert out.returncode == 0, out.stderr
    assert xml_stk_text("2014-433.xml", "24", 2) in out.stdout
    assert "Bekendtgørelse af forvaltningsloven (LBK nr 433 af 22/04/2014)" in out.stdout
    assert "Kapitel 6 Begrundelse m.v." in out.stdout


@pytest.mark.parametrize(
    ("citation", "as_of", "law", "version", "start"),
    [
        (
            "retssikkerhedsloven § 11 a",
            None,
            "retssikkerhedsloven",
            "LBK nr 1345 af 23/11/2016",
            "Myndigheden kan efter forudgående samtykke",
        ),
        (
            "fvl § 19, stk. 2, nr. 3",
            None,
            "forvaltningsloven",
            "LBK nr 433 af 22/04/2014",
            "partens interesse i, at sagens afgørelse udsættes",
        ),
        (
            "offentlighedsloven § 6",
            "2004-01-01",
            "offentlighedsloven",
            "LOV nr 572 af 19/12/1985",
            "I sager, hvor der vil blive truffet afgørelse af en forvaltningsmyndighed",
        ),
        (
            "offentlighedsloven § 13",
            None,
            "offentlighedsloven",
            "LOV nr 606 af 12/06/2013",
            "I sager, hvor der vil blive truffet afgørelse",
        ),
        (
            "forvaltningslovens § 24, stk. 1, 2. pkt.",
            None,
            "forvaltningsloven",
            "LBK nr 433 af 22/04/2014",
            "I det omfang, afgørelsen efter disse regler beror",
        ),
        (
            "§ 24 i forvaltningsloven",
            "2013-01-01",
            "forvaltningsloven",
            "LBK nr 988 af 09/10/2012",
            "En begrundelse for en afgørelse skal indeholde",
        ),
        (
            "LBK nr 1054 af 07/09/2010 § 11 b",
            "2011-01-01",
            "retssikkerhedsloven",
            "LBK nr 1054 af 07/09/2010",
            "Hvis borgeren ikke medvirker",
        ),
    ],
)
def test_show_json(store_url, citation, as_of, law, version, start):
    args = ["show", citation, "--json"] + (["--as-of", as_of] if as_of else [])
    out = run_kb(*args)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["schema"] == 2 and data["lang"] == "en"
    [cit] = data["citations"]
    assert cit["text"] == citation and cit["start"] == 0 and cit["end"] == len(citation)
    [target] = cit["targets"]
    assert target["status"] == "ok"
    assert (target["law"], target["version"]) == (law, version)
    assert target["text"].startswith(start)
    assert data["summary"] == {"citations": 1, "targets": 1, "ok": 1, "problems": 0}


def test_named_superseded_version_warns(store_url):
    """The contract: a superseded version is not_in_force, its text still given."""
    out = run_kb("show", "LBK nr 1054 af 07/09/2010 § 11 b", "--json")
    assert out.returncode == 1
    [target] = json.loads(out.stdout)["citations"][0]["targets"]
    assert target["status"] == "not_in_force"
    assert target["version"] == "LBK nr 1054 af 07/09/2010"
    # the metadata of LBK 1054/2010 names LBK 656/2011, not stored: the gap begins there
    assert target["message"] == "LBK nr 1054 af 07/09/2010 was in force until 2011-06-15"
    assert target["reason"] == "superseded_version"
    assert target["text"].startswith("Hvis borgeren ikke medvirker")
    assert any(
        w["code"] == "newer_version_in_force" and "LBK nr 1345 af 23/11/2016" in w["message"]
        for w in target["warnings"]
    )


@pytest.mark.parametrize(
    ("citation", "status", "message"),
    [
        ("forvaltningsloven § 24, stk. 7", "not_found", "forvaltningsloven § 24 has stk. 1-3"),
        ("fvl § 19, stk. 2, nr. 9", "not_found", "§ 19, stk. 2 has nr. 1-6"),
        ("fvl § 24, stk. 1, 3. pkt.", "not_found", "§ 24, stk. 1 has 2 pkt."),
        ("forvaltningsloven § 99", "not_found", "has no § 99"),
        ("retsplejelovens § 99", "unknown_law", "retsplejelovens (retsplejeloven) is not loaded"),
        ("blablaloven § 3", "unknown_law", "no act named 'blablaloven' is loaded"),
        ("§ 24", "ambiguous", "names no act"),
    ],
)
def test_show_explains_what_is_not_ok(store_url, citation, status, message):
    out = run_kb("show", citation, "--json")
    assert out.returncode == 1
    [target] = json.loads(out.stdout)["citations"][0]["targets"]
    assert target["status"] == status
    assert message in target["message"]
    human = run_kb("show", citation)
    assert human.returncode == 1 and message in human.stdout


def test_ambiguous_lists_candidates(store_url):
    out = run_kb("show", "§ 24", "--json")
    [target] = json.loads(out.stdout)["citations"][0]["targets"]
    # every loaded act with a § 24 in force today (an amending act's own § 24 is none of them)
    assert target["candidates"] == [
        "aktivloven § 24",
        "beskæftigelsesloven § 24",
        "boligstøtteloven § 24",
        "dagtilbudsloven § 24",
        "forvaltningsloven § 24",
        "gammelførtidspensionsloven § 24",
        "integrationsloven § 24",
        "kommunestyrelsesloven § 24",
        "offentlighedsloven § 24",
        "socialtilsynsloven § 24",
        "sygedagpengeloven § 24",
    ]


def test_partial_version_says_what_it_holds(store_url):
    out = run_kb("show", "forvaltningsloven § 2", "--as-of", "2004-01-15", "--json")
    [target] = json.loads(out.stdout)["citations"][0]["targets"]
    assert (target["status"], target["reason"]) == ("not_found", "not_in_extract")
    assert "is an extract that does not quote § 2; it quotes §§ 7, 8, 19-26" in target["message"]


def test_laws_json_is_deterministic(store_url):
    first = run_kb("laws", "--json", "--as-of", "2026-01-01")
    second = run_kb("laws", "--json", "--as-of", "2026-01-01")
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    data = json.loads(first.stdout)
    # the bundled acts, and the amending acts stored beside them (each a document of its own)
    acts = [a["key"] for a in data if not all(v["amending"] for v in a["versions"])]
    assert acts == BUNDLED_ACTS
    amending = [a["key"] for a in data if a["key"] not in acts]
    assert len(amending) == 47 and all(k.startswith("lov om ændring af ") for k in amending)
    [fvl] = [a for a in data if a["key"] == "forvaltningsloven"]
    assert "fvl" in fvl["names"]["abbreviation"]
    current = [v for v in fvl["versions"] if v["in_force"]]
    assert [v["designation"] for v in current] == ["LBK nr 433 af 22/04/2014"]
    assert all(len(v["provenance"]["sha256"]) == 64 for v in fvl["versions"])


def test_laws_human(store_url, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    out = run_kb("laws")
    assert out.returncode == 0
    assert "LBK nr 433 af 22/04/2014" in out.stdout and "partial" in out.stdout


def test_import_new_act_and_again(small_url):
    first = run_kb("import", str(RI / "2024-62.xml"))
    assert first.returncode == 0, first.stderr
    assert "new act: lov om hold af dyr, LBK nr 62 af 19/01/2024" in first.stdout
    again = run_kb("import", str(RI / "2024-62.xml"))
    assert "unchanged" in again.stdout
    shown = run_kb("show", "lov om hold af dyr § 3 a", "--json")
    assert json.loads(shown.stdout)["citations"][0]["targets"][0]["status"] == "ok"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "/nonexistent/x.xml"], "cannot be read"),
        (["import", str(Path(__file__).parent / "golden")], "is a folder with no .xml or .toml"),
        (["show", "fvl § 24", "--as-of", "24/12/2020"], "is not a date"),
        (["show", "forvaltningsloven"], "names no §, stk., kapitel or practice reference"),
    ],
)
def test_errors_are_one_plain_line(store_url, args, message):
    out = run_kb(*args)
    assert out.returncode in (1, 2)
    assert message in out.stderr
    assert "Traceback" not in out.stderr
    assert out.stderr.count("\n") == 1


def test_bad_xml_import_exit_2_names_file_and_line(store_url, tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<Dokument><Meta>\n<DocumentType>LBK H</DocumentType>\n<oops></Meta>")
    out = run_kb("import", str(bad))
    assert out.returncode == 2
    assert f"{bad}:" in out.stderr and "not well-formed" in out.stderr


def test_foreign_sqlite_file_is_not_touched(tmp_path, monkeypatch):
    import sqlite3

    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER)")
    conn.commit()
    conn.close()
    monkeypatch.setenv("KB_DATABASE_URL", f"sqlite:///{path}")
    out = run_kb("show", "fvl § 24")
    assert out.returncode == 2
    assert "is not a lovkb store" in out.stderr
    assert sqlite3.connect(path).execute("SELECT name FROM sqlite_master").fetchall() == [
        ("customers",)
    ]


def test_garbage_file_is_reported(tmp_path, monkeypatch):
    path = tmp_path / "garbage.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("KB_DATABASE_URL", f"sqlite:///{path}")
    out = run_kb("show", "fvl § 24")
    assert out.returncode == 2
    assert "not a" in out.stderr.lower() and "Traceback" not in out.stderr


def test_first_use_sets_up_the_store(empty_url):
    out = run_kb("show", "fvl § 7, stk. 1")
    assert out.returncode == 0, out.stderr
    # one line for the bundle, not one a file (no terminal here, so no progress bar)
    files = len(bundled_statutes())
    assert "new store" in out.stderr and f"loaded {files} bundled files:" in out.stderr
    assert "2014-433.xml" not in out.stderr
    assert "En forvaltningsmyndighed skal i fornødent omfang yde vejledning" in out.stdout
    again = run_kb("show", "fvl § 7, stk. 1")
    assert again.stderr == ""


def test_a_practice_reference_says_where_its_text_comes_from_not_when_it_was_in_force(store_url):
    for args, line in (
        ((), "teksten er gengivet efter: At skrive en afgørelse (Den Sociale Ankestyrelse"),
        (("--lang", "en"), "text as given in: At skrive en afgørelse (Den Sociale Ankestyrelse"),
    ):
        env = {k: v for k, v in os.environ.items() if k != "KB_LANG"}
        out = subprocess.run(
            [sys.executable, "-m", "kb.cli", *args, "show", "SM C-37-00"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert out.returncode == 0, out.stderr
        last = out.stdout.strip().splitlines()[-1]
        assert last.startswith(line), out.stdout
        assert "i kraft fra ?" not in out.stdout and "in force from ?" not in out.stdout

"""What a caseworker reads is Danish by default and English on request: real commands, exact lines.

Each case runs the real command line twice: without KB_LANG (Danish, the default) and with
`kb --lang en`. The Danish line is the one a caseworker sees; the English one is the code's
own wording, which the rest of the suite reads.
"""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import run_kb
from lxml import etree

VERSIONS = (
    "Uddrag i At skrive en afgørelse (januar 2004); LBK nr 988 af 09/10/2012; "
    "LBK nr 433 af 22/04/2014"
)
# An XML file that is not well-formed: <Meta> is never closed; libxml2 finds it on line 4.
BAD_XML = b'<?xml version="1.0" encoding="UTF-8"?>\n<Dokument>\n<Meta>\n</Dokument>\n'


def _libxml2_says(data: bytes) -> str:
    """libxml2's own words for the fault (they are not lovkb's, and stay English)."""
    try:
        etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        return exc.msg
    raise AssertionError("the file was meant to be malformed")


def _last_line(text: str) -> str:
    return text.strip().splitlines()[-1]


def _run(lang: str, monkeypatch: pytest.MonkeyPatch, *args: str):
    if lang == "da":
        monkeypatch.delenv("KB_LANG", raising=False)  # Danish is the default
        return run_kb(*args)
    return run_kb("--lang", "en", *args)


# (command, exit status, Danish last line of stderr, English last line of stderr)
MISTAKES = [
    (
        ["show", "--bogus", "x"],
        2,
        # the parser's own words are English: lovkb says them in Danish
        "kb show: tilvalget --bogus findes ikke (se `kb show --help`)",
        "kb show: No such option: --bogus (see `kb show --help`)",
    ),
    (
        ["show"],
        2,
        "kb show: argumentet citation mangler (se `kb show --help`)",
        "kb show: Missing argument 'citation'. (see `kb show --help`)",
    ),
    (
        ["nosuch"],
        2,
        "kb: kommandoen 'nosuch' findes ikke (se `kb --help`)",
        "kb: No such command 'nosuch'. (see `kb --help`)",
    ),
    (
        ["check", "/nonexistent/brev.txt"],
        2,
        "kb: Filen findes ikke: /nonexistent/brev.txt",
        "kb: /nonexistent/brev.txt: no such file",
    ),
    (
        ["diff", "forvaltningsloven", "999", "433"],
        2,
        f"kb: Versionen findes ikke i databasen: 999; databasen har disse versioner: {VERSIONS}",
        f"kb: no stored version '999'; the stored versions are: {VERSIONS}",
    ),
    (
        ["show", "fvl § 7", "--as-of", "2014-13-01"],
        2,
        "kb: --as-of '2014-13-01' er ikke en dato; skriv den som ÅÅÅÅ-MM-DD, fx 2014-02-01",
        "kb: --as-of '2014-13-01' is not a date; write it as YYYY-MM-DD, e.g. 2014-02-01",
    ),
    (
        ["diff", "forvaltningsloven", "433", "988"],
        2,
        "kb: LBK nr 433 af 22/04/2014 er nyere end LBK nr 988 af 09/10/2012; "
        "angiv den ældste version først",
        "kb: LBK nr 433 af 22/04/2014 is newer than LBK nr 988 af 09/10/2012; "
        "give the older version first",
    ),
    (
        ["concept", "xyzzy"],
        1,
        "kb: Begrebet findes ikke: xyzzy (`kb concept` viser listen over begreber)",
        "kb: no concept named 'xyzzy' (`kb concept` lists them)",
    ),
    (
        ["excerpt", "fvl § 7", "--format", "docx"],
        2,
        "kb: --format docx skriver en fil; angiv -o FIL.docx",
        "kb: --format docx writes a file; give -o FILE.docx",
    ),
]


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize(("args", "status", "danish", "english"), MISTAKES)
def test_a_mistake_is_one_line_in_the_language_asked_for(
    store_url, monkeypatch, lang, args, status, danish, english
):
    out = _run(lang, monkeypatch, *args)
    assert out.returncode == status, out.stderr
    assert _last_line(out.stderr) == (danish if lang == "da" else english)
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("da", "lovkb: find, slå op og gengiv henvisninger til danske love."),
        ("en", "lovkb: find, resolve and quote Danish statute citations."),
    ],
)
def test_the_help_speaks_the_language(monkeypatch, lang, line):
    monkeypatch.setenv("COLUMNS", "200")  # one line each, however wide the terminal
    out = _run(lang, monkeypatch, "--help")
    assert out.returncode == 0, out.stderr
    lines = [x.strip(" │") for x in out.stdout.splitlines()]
    assert line in lines
    show = next(x for x in lines if x.startswith("show "))
    if lang == "da":
        assert show.split(None, 1)[1] == (
            "Vis en bestemmelse ordret med lov, version og placering i loven."
        )
    else:
        assert show.split(None, 1)[1] == (
            "Print one provision word for word, with its act, version and place."
        )


@pytest.mark.parametrize(
    ("lang", "refused", "summary"),
    [
        (
            "da",
            "kb: afvist: {path}:4: filen er ikke korrekt XML: {detail}",
            "1 fil: intet indlæst; 1 afvist",
        ),
        (
            "en",
            "kb: refused {path}:4: is not well-formed XML: {detail}",
            "1 file: nothing imported; 1 refused",
        ),
    ],
)
def test_a_malformed_file_is_refused_naming_file_and_line(
    store_url, tmp_path, monkeypatch, lang, refused, summary
):
    bad = tmp_path / "brud.xml"
    bad.write_bytes(BAD_XML)
    out = _run(lang, monkeypatch, "import", str(bad))
    assert out.returncode == 2
    assert _last_line(out.stderr) == refused.format(path=bad, detail=_libxml2_says(BAD_XML))
    assert out.stdout.splitlines() == [summary]


@pytest.mark.parametrize(
    ("lang", "lines", "index"),
    [
        (
            "da",
            [
                "{name}: uændret: {version}",
                "{name}: uændret: {version}",
                "2 filer: 2 uændrede; 0 afviste",
            ],
            r"Søgeindekset: \d+ dokumenter \(\d+,\d s\)",  # a decimal comma in Danish
        ),
        (
            "en",
            [
                "{name}: unchanged: {version}",
                "{name}: unchanged: {version}",
                "2 files: 2 unchanged; 0 refused",
            ],
            r"search index: \d+ documents \(\d+\.\d s\)",
        ),
    ],
)
def test_counts_take_the_plural(small_url, monkeypatch, lang, lines, index):
    from kb.index.search import index_dir
    from kb.ingest.load import bundled_statutes

    shutil.rmtree(index_dir(small_url))  # so that the import builds the index, and says so

    again = next(p for p in bundled_statutes() if p.name == "2014-433.xml")
    out = _run(lang, monkeypatch, "import", str(again), str(again))
    assert out.returncode == 0, out.stderr
    *said, built = out.stdout.splitlines()
    version = "forvaltningsloven, LBK nr 433 af 22/04/2014"
    assert said == [line.format(name=again.name, version=version) for line in lines]
    assert re.fullmatch(index, built), built


def test_kb_laws_heads_its_columns_in_danish(store_url, monkeypatch):
    # The columns are cli/render.py's, each act's versions under its name; their names
    # are Danish (the English wording comes with that file's translation).
    out = _run("da", monkeypatch, "laws")
    assert out.returncode == 0, out.stderr
    header = next(line for line in out.stdout.splitlines() if line.startswith("  version"))
    cells = re.split(r"\s{2,}", header.strip())
    assert cells == ["version", "i kraft fra", "til", "i kraft", "omfang", "enheder", "kilde"]


@pytest.mark.parametrize(
    ("env", "flag", "line"),
    [
        ("da", None, "kb: Filen findes ikke: /nonexistent/brev.txt"),
        ("en", None, "kb: /nonexistent/brev.txt: no such file"),
        ("en", "da", "kb: Filen findes ikke: /nonexistent/brev.txt"),  # --lang wins
        (None, "en", "kb: /nonexistent/brev.txt: no such file"),
    ],
)
def test_kb_lang_and_the_lang_option(monkeypatch, env, flag, line):
    if env is None:
        monkeypatch.delenv("KB_LANG", raising=False)
    else:
        monkeypatch.setenv("KB_LANG", env)
    args = ["--lang", flag] if flag else []
    out = run_kb(*args, "check", "/nonexistent/brev.txt")
    assert out.returncode == 2
    assert _last_line(out.stderr) == line


def test_a_store_message_in_danish(tmp_path, monkeypatch):
    # A database that is not a lovkb store: lovkb refuses to touch it, in Danish.
    import sqlite3

    path = tmp_path / "fremmed.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE kunder (id INTEGER)")
    monkeypatch.setenv("KB_DATABASE_URL", f"sqlite:///{path}")
    out = _run("da", monkeypatch, "show", "fvl § 7")
    assert out.returncode == 2
    assert _last_line(out.stderr) == (
        f"kb: sqlite:///{path} er ikke en lovkb-database (den har tabellerne kunder, men "
        "ingen skemaversion); lovkb rører den ikke"
    )


@pytest.mark.parametrize(
    ("lang", "panels"), [("da", ("Tilvalg", "Kommandoer")), ("en", ("Options", "Commands"))]
)
def test_the_help_screens_frame_is_in_the_language_too(monkeypatch, lang, panels):
    # Typer's own words ("Options", "[required]") come from lovkb's catalog of them.
    out = _run(lang, monkeypatch, "--help")
    assert all(f"─ {p} ─" in out.stdout for p in panels), out.stdout
    out = _run(lang, monkeypatch, "show", "--help")
    assert ("[skal angives]" if lang == "da" else "[required]") in out.stdout


def test_a_language_lovkb_does_not_speak_is_reported_not_a_traceback(store_url, monkeypatch):
    monkeypatch.setenv("KB_LANG", "fr")
    out = run_kb("show", "fvl § 24")
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.strip() == (
        "kb: KB_LANG: sproget 'fr' findes ikke; vælg da eller en "
        "(language 'fr' is not available; choose da or en)"
    )
    # the library, which cannot stop for it, speaks Danish
    import kb

    assert (
        kb.resolve("fvl § 24, stk. 9").targets[0].message == "forvaltningsloven § 24 har stk. 1-3"
    )

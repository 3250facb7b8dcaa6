"""The `kb` command: a thin Typer layer over the `kb` library.

Commands parse their options, call the library and print. Errors the user
can act on (`KbError`) become one plain line on stderr and a non-zero exit;
a traceback appears only with `--debug`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from kb.errors import KbError, NotFound
from kb.i18n import _, set_language

try:  # typer 0.28 and later carry their own copy of click
    from typer._click.exceptions import NoArgsIsHelpError, UsageError
except ImportError:  # pragma: no cover - older typer, click installed beside it
    from click.exceptions import NoArgsIsHelpError, UsageError  # type: ignore[no-redef]


def _early_language(argv: list[str]) -> None:
    """Honour `--lang` before the commands are declared: their help texts are
    translated as the module is read, before Typer parses the options."""
    for i, arg in enumerate(argv):
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else None
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        if value is not None:
            with contextlib.suppress(ValueError):  # Typer reports it with the other options
                set_language(value)
            return


_early_language(sys.argv[1:])


app = typer.Typer(
    name="kb",
    help="lovkb: find, resolve and quote Danish statute citations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Manage the store's schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")
index_app = typer.Typer(help="Manage the full-text search index.", no_args_is_help=True)
app.add_typer(index_app, name="index")

_state = {"debug": False}

AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of", help="Read the law as in force on this date (YYYY-MM-DD); default today."
    ),
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON (see spec/citations-json.md).")]
JsonOut = Annotated[bool, typer.Option("--json", help="Print JSON.")]
ActName = Annotated[str, typer.Argument(help="The act, e.g. forvaltningsloven or fvl.")]
Law = Annotated[
    str | None,
    typer.Option("--law", help="The act for citations that name none (e.g. forvaltningsloven)."),
]


@app.callback()
def _main(
    debug: Annotated[bool, typer.Option("--debug", help=_("Show tracebacks on errors."))] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help=_("The language of messages: da (Danish, the default) or en; also KB_LANG."),
        ),
    ] = None,
) -> None:
    _state["debug"] = debug
    if lang is not None:
        try:
            set_language(lang)
        except ValueError as exc:
            raise UsageError(str(exc)) from None


def _date(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise KbError(f"--as-of {value!r} is not a date; write it as YYYY-MM-DD") from None


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n")


def _output(as_json: bool, data: Any, human: str, *args: Any) -> None:
    """Print `data` as JSON, or call `kb.cli.render.<human>(*args)` for people."""
    if as_json:
        _print_json(data)
        return
    from . import render

    getattr(render, human)(*args)


def _finish(result: Any, as_json: bool, human: str, **options: Any) -> None:
    """Print a citations result (JSON or `kb.cli.render.<human>`); exit 0 only if all ok."""
    if as_json:
        result.write_json(sys.stdout)
    else:
        from . import render

        getattr(render, human)(result, **options)
    raise typer.Exit(0 if result.ok else 1)


# --- kb show ----------------------------------------------------------------


@app.command()
def show(
    citation: Annotated[
        str, typer.Argument(help='A citation, e.g. "forvaltningsloven § 24, stk. 2".')
    ],
    as_of: AsOf = None,
    as_json: Json = False,
    law: Law = None,
) -> None:
    """Print one provision word for word, with its act, version and place."""
    from kb.api import resolve

    _finish(resolve(citation, _date(as_of), law=law), as_json, "print_targets")


# --- kb resolve / kb check --------------------------------------------------


@app.command("resolve")
def resolve_(
    citation: Annotated[
        str, typer.Argument(help='One citation, e.g. "§§ 19-21 i forvaltningsloven".')
    ],
    as_of: AsOf = None,
    as_json: Json = False,
    law: Law = None,
) -> None:
    """Resolve one citation: every unit it names, with status and canonical form."""
    from kb.api import resolve

    result = resolve(citation, _date(as_of), law=law)
    _finish(result, as_json, "print_result", show_place=False)


@app.command()
def check(
    file: Annotated[
        str, typer.Argument(help="A letter as UTF-8 text (.txt, .md) or .html; - reads stdin.")
    ],
    as_of: AsOf = None,
    as_json: Json = False,
    law: Law = None,
) -> None:
    """Find, resolve and check every citation in a letter."""
    from kb.api import check as check_text
    from kb.letters import read_letter

    text = read_letter(file)
    # This process checks one letter and exits: the cyclic collector's passes
    # over a long letter's records (which hold no cycles) cost a third of the
    # time at 10 MB, so the command pauses it. The library never does: the
    # collector is process-wide, and a server checks from several threads.
    gc.disable()
    result = check_text(text, _date(as_of), law=law)
    _finish(result, as_json, "print_result", show_place=True)


# --- kb excerpt -------------------------------------------------------------

_FORMATS = ("text", "md", "html", "json", "docx")
_ENDINGS = {".txt": "text", ".md": "md", ".html": "html", ".htm": "html", ".json": "json"}
_ENDINGS[".docx"] = "docx"


@app.command()
def excerpt(
    citation: Annotated[
        str | None,
        typer.Argument(help='The citation to quote, e.g. "forvaltningsloven § 24, stk. 2".'),
    ] = None,
    from_letter: Annotated[
        str | None,
        typer.Option(
            "--from-letter",
            help="Quote every citation in this letter (.txt, .md, .html, .docx; -).",
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="text, md, html, json or docx; default: from -o's ending, or text.",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of to stdout.")
    ] = None,
    as_of: AsOf = None,
    law: Law = None,
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    include_headings: Annotated[
        bool,
        typer.Option(
            "--include-headings/--no-include-headings",
            help="Print chapter and paragraph-group headings above the units.",
        ),
    ] = True,
    whole_paragraphs: Annotated[
        bool,
        typer.Option("--whole-paragraphs", help="Quote the whole § of every cited stk. or nr."),
    ] = False,
) -> None:
    """Quote cited provisions word for word, ready to attach to a decision (lovuddrag).

    Units are grouped by act, in the act's own order, under the act's name,
    number and date. Citations that cannot be quoted are listed on stderr,
    and the exit status is then 1.
    """
    from kb import api

    if (citation is None) == (from_letter is None):
        raise KbError("give either a CITATION or --from-letter FILE (one of them)")
    kind = _excerpt_format(fmt, output, as_json)
    pick = api.excerpt if from_letter is None else api.excerpt_letter
    if from_letter is not None:
        from kb.letters import read_letter

        text = read_letter(from_letter)
    result = pick(
        citation or "" if from_letter is None else text,
        _date(as_of),
        law=law,
        whole_paragraphs=whole_paragraphs,
        include_headings=include_headings,
    )
    for what, items in ((_("left out"), result.omitted), (_("note on"), result.notes)):
        for o in items:
            where = f"{o.line}:{o.column}: " if o.line is not None else ""
            written = " ".join(o.text.split())  # the letter's line breaks, on one line
            named = f" ({o.canonical})" if o.canonical and o.canonical != written else ""
            status = f"{o.status}: " if o.status != "ok" else ""
            typer.echo(f"kb: {what} {where}{written!r}{named}: {status}{o.message}", err=True)
    if result.empty:
        raise NotFound("nothing to quote: no citation resolved to a stored provision")
    _write_excerpt(result, kind, output)
    raise typer.Exit(0 if result.complete else 1)


def _excerpt_format(fmt: str | None, output: Path | None, as_json: bool) -> str:
    if as_json:
        fmt = fmt or "json"
        if fmt != "json":
            raise KbError(f"--json and --format {fmt} disagree; give one of them")
    if fmt is None and output is not None:
        fmt = _ENDINGS.get(output.suffix.lower())
        if fmt is None:
            raise KbError(
                f"-o {output}: cannot tell the format from the ending {output.suffix!r}; "
                f"give --format ({', '.join(_FORMATS)})"
            )
    fmt = fmt or "text"
    if fmt not in _FORMATS:
        raise KbError(f"--format {fmt!r} is not one of {', '.join(_FORMATS)}")
    if fmt == "docx" and output is None:
        raise KbError("--format docx writes a file; give -o FILE.docx")
    return fmt


def _write_excerpt(result: Any, kind: str, output: Path | None) -> None:
    from kb.excerpts.render import RENDERERS

    if output is None:
        sys.stdout.write(RENDERERS[kind](result))
        return
    from kb.files import write_atomically

    if kind == "docx":
        from kb.excerpts.word import write_docx

        write_atomically(output, lambda tmp: write_docx(result, tmp))
    else:
        data = RENDERERS[kind](result).encode("utf-8")
        write_atomically(output, lambda tmp: tmp.write_bytes(data))


# --- kb search / kb concept / kb index -----------------------------------------


def _rebuilding(reason: str) -> Any:
    """Tell the user why the index is rebuilt, and show its progress on stderr."""
    typer.echo(f"kb: rebuilding the search index: {reason}", err=True)
    bar = _progress(None, "indexing")
    if bar is None:
        return None

    def advance(done: int, total: int) -> None:
        bar.update(done, total)
        if done >= total:
            bar.stop()

    return advance


@app.command()
def search(
    query: Annotated[
        str,
        typer.Argument(
            help='Words or a Whoosh query: "partshøring", \'"skriftlig begrundelse"\', '
            "vejledning AND klage, begrund*, partshøring~"
        ),
    ],
    law: Annotated[str | None, typer.Option("--law", help="Only this act.")] = None,
    as_of: AsOf = None,
    all_versions: Annotated[
        bool,
        typer.Option(
            "--all-versions", help="Search every stored version, not only those in force."
        ),
    ] = False,
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many hits.")] = 10,
    as_json: JsonOut = False,
) -> None:
    """Find provisions and practice by words, ranked (exit 1 when nothing matches)."""
    from kb.api import search as run

    result = run(
        query,
        _date(as_of),
        all_versions=all_versions,
        law=law,
        limit=limit,
        on_rebuild=_rebuilding,
    )
    _output(as_json, result.to_json(), "print_search", result)
    raise typer.Exit(0 if result.hits else 1)


@app.command()
def concept(
    name: Annotated[
        str | None,
        typer.Argument(help="A concept of the pamphlet, e.g. partshøring; none lists them."),
    ] = None,
    as_of: AsOf = None,
    as_json: JsonOut = False,
) -> None:
    """Explain a concept from the pamphlet and show the provisions it rests on."""
    from kb.api import concept as read_concept
    from kb.api import concepts as list_concepts

    if name is None:
        data = list_concepts()
        _output(as_json, data, "print_concepts", data)
        return
    found = read_concept(name, _date(as_of))
    _output(as_json, found.to_json(), "print_concept", found)


@index_app.command("rebuild")
def index_rebuild() -> None:
    """Rebuild the search index from the store (it is rebuilt by itself when stale)."""
    from kb.index.search import index_dir, rebuild

    advance = _rebuilding("asked to rebuild")
    report = rebuild(progress=advance)
    typer.echo(f"indexed {report.documents} documents in {report.seconds:.1f} s at {index_dir()}")


# --- kb versions / kb diff / kb effects -------------------------------------------


@app.command()
def versions(
    law: ActName,
    as_of: AsOf = None,
    as_json: JsonOut = False,
) -> None:
    """An act's chain of versions, with intervals, lineage and amending acts."""
    from kb.api import versions as chain

    data = chain(law, _date(as_of))
    _output(as_json, data, "print_versions", data)


@app.command()
def diff(
    law: ActName,
    old: Annotated[
        str | None, typer.Argument(help='The older version: "988", "988/2012" or its designation.')
    ] = None,
    new: Annotated[
        str | None, typer.Argument(help="The newer version (default: the newest).")
    ] = None,
    as_json: JsonOut = False,
) -> None:
    """What changed between two versions, provision by provision (default: the two newest)."""
    from kb.api import diff as compare

    result = compare(law, old, new)
    _output(as_json, result.to_json() if as_json else None, "print_diff", result)


@app.command()
def effects(
    law: ActName,
    pending: Annotated[
        bool, typer.Option("--pending", help="Only effects no stored consolidation has folded in.")
    ] = False,
    as_json: JsonOut = False,
) -> None:
    """The changes the stored amending acts make to an act, folded in or pending."""
    from kb.api import effects as effects_of

    found = effects_of(law, pending=pending)
    _output(as_json, [e.to_json() for e in found], "print_effects", found)


# --- kb laws ----------------------------------------------------------------


@app.command()
def laws(as_of: AsOf = None, as_json: Json = False) -> None:
    """List every act in the store with its versions."""
    from kb.api import laws as list_laws

    data = list_laws(_date(as_of))
    if as_json:
        _print_json(data)
        return
    from .render import print_laws

    print_laws(data)


# --- kb import --------------------------------------------------------------


@app.command("import")
def import_(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Retsinformation LexDania XML files, .toml tables, or folders of them."
        ),
    ],
) -> None:
    """Import statute versions (and practice or concept tables), each file atomically.

    Files may come in any order: versions take their place in their act's
    chain by date. A file that cannot be imported is reported and skipped;
    the exit status is then 2.
    """
    from kb.api import import_sources
    from kb.ingest.load import source_files

    paths = source_files(files)
    bar = _progress(len(paths), "importing") if len(paths) > 3 else None

    def report(result: Any) -> None:
        if bar is None:
            typer.echo(str(result))
        else:
            bar.print(str(result))
            bar.advance()

    def refuse(exc: Any) -> None:
        typer.echo(f"kb: refused {exc}", err=True)
        if bar is not None:
            bar.advance()

    try:
        done = import_sources(
            paths,
            on_result=report,
            on_refused=refuse,
            on_rebuild=_rebuilding,
            log=lambda msg: typer.echo(msg, err=True),
        )
    finally:
        if bar is not None:
            bar.stop()
    summary = ", ".join(f"{n} {status}" for status, n in done.counts.items())
    typer.echo(f"{len(paths)} files: {summary or 'nothing imported'}; {len(done.refused)} refused")
    if done.index is not None:
        typer.echo(f"search index: {done.index.documents} documents ({done.index.seconds:.1f} s)")
    if done.refused:
        raise typer.Exit(2)


class _Bar:
    """A rich progress bar on stderr, only when stderr is a terminal."""

    def __init__(self, total: int | None, what: str) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self.console = Console(stderr=True)
        self.progress = Progress(
            TextColumn(what), BarColumn(), MofNCompleteColumn(), console=self.console
        )
        self.task = self.progress.add_task(what, total=total)
        self.progress.start()

    def advance(self) -> None:
        self.progress.advance(self.task)

    def update(self, done: int, total: int) -> None:
        self.progress.update(self.task, completed=done, total=total)

    def print(self, line: str) -> None:
        self.progress.console.print(line, highlight=False, markup=False, soft_wrap=True)

    def stop(self) -> None:
        self.progress.stop()


def _progress(total: int | None, what: str) -> _Bar | None:
    import os

    return _Bar(total, what) if os.isatty(2) else None


@app.command("export")
def export_(
    output: Annotated[
        Path, typer.Argument(help="The file to write: .json, or .json.gz to compress it.")
    ],
) -> None:
    """Write the whole store to one portable file (`kb import FILE` restores it)."""
    from kb.api import export

    counts = export(output)
    rows = ", ".join(f"{n} {t}" for t, n in counts.items() if n)
    typer.echo(f"wrote {output}: {rows}")


# --- kb db ------------------------------------------------------------------


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create the schema or bring it to the newest revision."""
    from kb.config import database_url
    from kb.store.engine import upgrade

    rev = upgrade()
    typer.echo(f"schema at revision {rev} ({database_url()})")


@db_app.command("init")
def db_init() -> None:
    """Create the schema and load the bundled sources (first use does this too)."""
    from kb.config import database_url
    from kb.ingest.setup import prepare_store

    prepare_store(log=typer.echo)
    typer.echo(f"store ready at {database_url()}")


def main() -> None:
    """Console entry point: runs the app and turns KbError into an exit code."""
    try:
        code = app(standalone_mode=False)
    except UsageError as exc:
        # One plain line, as for every other mistake, instead of the parser's box.
        command = exc.ctx.command_path if exc.ctx is not None else "kb"
        if isinstance(exc, NoArgsIsHelpError) and exc.ctx is not None:
            typer.echo(exc.ctx.get_help())
        else:
            typer.echo(f"{command}: {exc.format_message()} (see `{command} --help`)", err=True)
        sys.exit(2)
    except typer.Abort:
        sys.exit(130)
    except KbError as exc:
        if _state["debug"]:
            raise
        typer.echo(f"kb: {exc}", err=True)
        sys.exit(exc.exit_code)
    except Exception as exc:  # a bug: say so plainly, trace only on request
        if _state["debug"]:
            raise
        typer.echo(
            f"kb: internal error ({type(exc).__name__}: {exc}); run with --debug for the traceback",
            err=True,
        )
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)

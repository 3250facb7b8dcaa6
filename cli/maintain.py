"""`kb import`, `kb export` and `kb db`: the maintainer's commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from kb.i18n import _, ngettext

from .app import (
    _progress,
    _rebuilding,
    _seconds,
    app,
    db_app,
)

# --- kb import --------------------------------------------------------------


@app.command(
    "import",
    help=_(
        "Import statute versions (and practice or concept tables), each file atomically.\n\n"
        "Files may come in any order: versions take their place in their act's chain by "
        "date. A file that cannot be imported is reported and skipped; the exit status is "
        "then 2."
    ),
)
def import_(
    files: Annotated[
        list[Path],
        typer.Argument(
            help=_("Retsinformation LexDania XML files, .toml tables, or folders of them.")
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
    bar = _progress(len(paths), _("importing")) if len(paths) > 3 else None

    def report(result: Any) -> None:
        if bar is None:
            typer.echo(str(result))
        else:
            bar.print(str(result))
            bar.advance()

    def refuse(exc: Any) -> None:
        typer.echo(_("kb: refused {problem}").format(problem=exc), err=True)
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
    summary = ", ".join(_counted(status, n) for status, n in done.counts.items())
    of_files = ngettext("{count} file", "{count} files", len(paths)).format(count=len(paths))
    n = len(done.refused)
    refused = ngettext("{count} refused", "{count} refused", n).format(count=n)
    summary = summary or _("nothing imported")
    typer.echo(f"{of_files}: {summary}; {refused}")
    _derived(done)
    if done.refused:
        raise typer.Exit(2)


def _derived(done: Any) -> None:
    """What an import read after the files: the references, then the search index."""
    if done.graph is not None and done.graph.versions:
        line = ngettext(
            "references: {count} version read ({seconds} s)",
            "references: {count} versions read ({seconds} s)",
            done.graph.versions,
        )
        typer.echo(line.format(count=done.graph.versions, seconds=_seconds(done.graph.seconds)))
    if done.index is not None:
        docs = done.index.documents
        line = ngettext(
            "search index: {count} document ({seconds} s)",
            "search index: {count} documents ({seconds} s)",
            docs,
        )
        typer.echo(line.format(count=docs, seconds=_seconds(done.index.seconds)))


def _counted(status: str, n: int) -> str:
    """ "2 unchanged": how many files of `kb import` ended in `status`."""
    forms = {
        "new act": ngettext("{count} new act", "{count} new acts", n),
        "new version": ngettext("{count} new version", "{count} new versions", n),
        "unchanged": ngettext("{count} unchanged", "{count} unchanged", n),
        "restored": ngettext("{count} restored", "{count} restored", n),
        "loaded": ngettext("{count} table loaded", "{count} tables loaded", n),
    }
    return forms.get(status, "{count} " + status).format(count=n)


@app.command(
    "export",
    help=_("Write the whole store to one portable file (`kb import FILE` restores it)."),
)
def export_(
    output: Annotated[
        Path, typer.Argument(help=_("The file to write: .json, or .json.gz to compress it."))
    ],
) -> None:
    """Write the whole store to one portable file (`kb import FILE` restores it)."""
    from kb.api import export

    counts = export(output)
    rows = ", ".join(_rows(table, n) for table, n in _in_order(counts) if n)
    typer.echo(_("wrote {file}: {rows}").format(file=output, rows=rows))


# What `kb export` says it wrote, table by table, in words; the store's own bookkeeping
# (store_state) and what it derives from the units (amendments) are not something a
# person exported.
_EXPORTED = (
    "acts",
    "versions",
    "units",
    "act_names",
    "practice",
    "practice_provisions",
    "concepts",
    "concept_names",
    "concept_provisions",
    "counterparts",
)


def _in_order(counts: dict[str, int]) -> list[tuple[str, int]]:
    known = [(t, counts[t]) for t in _EXPORTED if t in counts]
    derived = ("store_state", "amendments")
    return known + [(t, n) for t, n in counts.items() if t not in _EXPORTED and t not in derived]


def _rows(table: str, n: int) -> str:
    """ "3 acts": how many rows of `table` an export holds."""
    forms = {
        "acts": ngettext("{count} act", "{count} acts", n),
        "versions": ngettext("{count} version", "{count} versions", n),
        "units": ngettext("{count} unit of text", "{count} units of text", n),
        "act_names": ngettext("{count} name of an act", "{count} names of acts", n),
        "practice": ngettext("{count} practice entry", "{count} practice entries", n),
        "practice_provisions": ngettext(
            "{count} reference from practice", "{count} references from practice", n
        ),
        "concepts": ngettext("{count} concept entry", "{count} concept entries", n),
        "concept_names": ngettext("{count} name of a concept", "{count} names of concepts", n),
        "concept_provisions": ngettext(
            "{count} reference from a concept", "{count} references from concepts", n
        ),
        "counterparts": ngettext("{count} counterpart entry", "{count} counterpart entries", n),
    }
    return forms.get(table, "{count} " + table).format(count=n)


# --- kb db ------------------------------------------------------------------


@db_app.command("upgrade", help=_("Create the schema or bring it to the newest revision."))
def db_upgrade() -> None:
    """Create the schema or bring it to the newest revision."""
    from kb.config import database_url
    from kb.store.engine import upgrade

    rev = upgrade()
    typer.echo(_("schema at revision {revision} ({url})").format(revision=rev, url=database_url()))


@db_app.command(
    "init",
    help=_("Create the schema and load the bundled sources (first use does this too)."),
)
def db_init() -> None:
    """Create the schema and load the bundled sources (first use does this too)."""
    from kb.config import database_url
    from kb.ingest.setup import prepare_store

    prepare_store(log=typer.echo)
    typer.echo(_("store ready at {url}").format(url=database_url()))

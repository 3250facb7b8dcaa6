"""`kb search`, `kb concept` and `kb index`: provisions found by words and by concept."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from kb.i18n import _, ngettext

from .app import (
    AsOf,
    JsonOut,
    _date,
    _output,
    _rebuilding,
    _seconds,
    app,
    index_app,
)

# --- kb search / kb concept / kb index -----------------------------------------


@app.command(help=_("Find provisions and practice by words, ranked (exit 1 when nothing matches)."))
def search(
    query: Annotated[
        str,
        typer.Argument(
            help=_(
                'Words or a Whoosh query: "partshøring", \'"skriftlig begrundelse"\', '
                "vejledning AND klage, begrund*, partshøring~"
            )
        ),
    ],
    law: Annotated[str | None, typer.Option("--law", help=_("Only this act."))] = None,
    all_acts: Annotated[
        bool,
        typer.Option("--all-acts", help=_("Search every act, not only the social-law acts.")),
    ] = False,
    as_of: AsOf = None,
    all_versions: Annotated[
        bool,
        typer.Option(
            "--all-versions", help=_("Search every stored version, not only those in force.")
        ),
    ] = False,
    limit: Annotated[int, typer.Option("--limit", "-n", help=_("At most this many hits."))] = 10,
    as_json: JsonOut = False,
) -> None:
    """Find provisions and practice by words, ranked (exit 1 when nothing matches)."""
    # kb.api.search runs this same function; importing it from kb.api would load
    # the resolver, which a search never uses.
    from kb.index.search import search_store

    result = search_store(
        query,
        _date(as_of),
        all_versions=all_versions,
        law=law,
        all_acts=all_acts,
        limit=limit,
        on_rebuild=_rebuilding,
    )
    if as_json:
        _output(True, result.to_json(), "print_search", result)
    else:
        _print_search(result)
    raise typer.Exit(0 if result.hits else 1)


def _print_search(result: Any) -> None:
    """`render.print_search`, then for each hit the words it matched, and where
    the search looked."""
    from . import render

    if not result.hits or not any(h.matched or h.missing for h in result.hits):
        render.print_search(result)
    else:
        # The hits with their words: print_search's lines, one more per hit.
        import io
        from contextlib import redirect_stdout

        buffer = io.StringIO()
        with redirect_stdout(buffer):
            render.print_search(result)
        blocks = buffer.getvalue().split("\n\n")
        out = [blocks[0]]
        for block, hit in zip(blocks[1:], [*result.hits, None], strict=False):
            if hit is None or not (hit.matched or hit.missing):
                out.append(block)
                continue
            lines = block.rstrip("\n").split("\n")
            words = _("found: {words}").format(words=", ".join(hit.matched))
            if hit.missing:
                words += "; " + _("not found: {words}").format(words=", ".join(hit.missing))
            at = len(lines) if len(lines) < 3 or not lines[-1].startswith("    (") else -1
            lines.insert(at, typer.style("    " + words, dim=True))
            out.append("\n".join(lines) + ("\n" if block.endswith("\n") else ""))
        typer.echo("\n\n".join(out), nl=False)
    if result.scope == "social":
        typer.echo(_("(searched the social-law acts; --all-acts searches every act)"))


@app.command(help=_("Explain a concept from the pamphlet and show the provisions it rests on."))
def concept(
    name: Annotated[
        str | None,
        typer.Argument(help=_("A concept of the pamphlet, e.g. partshøring; none lists them.")),
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


@index_app.command(
    "rebuild",
    help=_("Rebuild the search index from the store (it is rebuilt by itself when stale)."),
)
def index_rebuild() -> None:
    """Rebuild the search index from the store (it is rebuilt by itself when stale)."""
    from kb.index.search import index_dir, rebuild

    advance = _rebuilding(_("asked to rebuild"))
    report = rebuild(progress=advance)
    done = ngettext(
        "indexed {count} document in {seconds} s at {folder}",
        "indexed {count} documents in {seconds} s at {folder}",
        report.documents,
    )
    typer.echo(
        done.format(count=report.documents, seconds=_seconds(report.seconds), folder=index_dir())
    )

"""`kb show`, `kb resolve`, `kb check` and `kb excerpt`: a citation or a letter, looked up
and quoted."""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from kb.errors import KbError, NotFound
from kb.i18n import _

from .app import (
    AsOf,
    Json,
    JsonOut,
    Law,
    _date,
    _finish,
    app,
)

# --- kb show ----------------------------------------------------------------


@app.command(help=_("Print one provision word for word, with its act, version and place."))
def show(
    citation: Annotated[
        str, typer.Argument(help=_('A citation, e.g. "forvaltningsloven § 24, stk. 2".'))
    ],
    as_of: AsOf = None,
    as_json: Json = False,
    law: Law = None,
) -> None:
    """Print one provision word for word, with its act, version and place."""
    from kb.api import resolve

    _finish(resolve(citation, _date(as_of), law=law, references=True), as_json, "print_targets")


# --- kb resolve / kb check --------------------------------------------------


@app.command(
    "resolve",
    help=_("Resolve one citation: every unit it names, with status and canonical form."),
)
def resolve_(
    citation: Annotated[
        str, typer.Argument(help=_('One citation, e.g. "§§ 19-21 i forvaltningsloven".'))
    ],
    as_of: AsOf = None,
    as_json: Json = False,
    law: Law = None,
) -> None:
    """Resolve one citation: every unit it names, with status and canonical form."""
    from kb.api import resolve

    result = resolve(citation, _date(as_of), law=law)
    _finish(result, as_json, "print_result", show_place=False)


@app.command(help=_("Find, resolve and check every citation in a letter."))
def check(
    file: Annotated[
        str,
        typer.Argument(help=_("A letter as UTF-8 text (.txt, .md) or .html; - reads stdin.")),
    ],
    as_of: AsOf = None,
    as_json: Json = False,
    law: Law = None,
    statute: Annotated[
        bool,
        typer.Option(
            "--statute",
            help=_(
                "The text is the act --law's own: read it by a statute's rules (each § "
                "label opens a provision of that act; its bare references are its own)."
            ),
        ),
    ] = False,
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
    result = check_text(text, _date(as_of), law=law, statute=statute)
    _finish(result, as_json, "print_result", show_place=True)


# --- kb refs ----------------------------------------------------------------


@app.command(
    help=_(
        "The references inside one provision, each resolved; with --incoming also every "
        "provision in force on the day that refers to it."
    )
)
def refs(
    citation: Annotated[
        str, typer.Argument(help=_('One provision, e.g. "serviceloven § 114, stk. 1".'))
    ],
    as_of: AsOf = None,
    as_json: JsonOut = False,
    law: Law = None,
    incoming: Annotated[
        bool,
        typer.Option(
            "--incoming", help=_("Also list the stored provisions that refer to this one.")
        ),
    ] = False,
) -> None:
    """The references inside one provision, each resolved; with --incoming also every
    provision in force on the day that refers to it."""
    import json

    from kb.api import refs as read_refs

    from .app import _reading_graph

    found = read_refs(citation, _date(as_of), incoming=incoming, law=law, on_graph=_reading_graph)
    if as_json:
        json.dump(found.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        from . import render

        render.print_refs(found)


# --- kb excerpt -------------------------------------------------------------

_FORMATS = ("text", "md", "html", "json", "docx")
_ENDINGS = {".txt": "text", ".md": "md", ".html": "html", ".htm": "html", ".json": "json"}
_ENDINGS[".docx"] = "docx"


@app.command(
    help=_(
        "Quote cited provisions word for word, ready to attach to a decision (lovuddrag).\n\n"
        "Units are grouped by act, in the act's own order, under the act's name, number and "
        "date. Citations that cannot be quoted are listed on stderr, and the exit status is "
        "then 1."
    )
)
def excerpt(
    citation: Annotated[
        str | None,
        typer.Argument(help=_('The citation to quote, e.g. "forvaltningsloven § 24, stk. 2".')),
    ] = None,
    from_letter: Annotated[
        str | None,
        typer.Option(
            "--from-letter",
            help=_("Quote every citation in this letter (.txt, .md, .html, .docx; -)."),
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help=_("text, md, html, json or docx; default: from -o's ending, or text."),
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help=_("Write here instead of to stdout.")),
    ] = None,
    as_of: AsOf = None,
    law: Law = None,
    as_json: Annotated[bool, typer.Option("--json", help=_("Same as --format json."))] = False,
    include_headings: Annotated[
        bool,
        typer.Option(
            "--include-headings/--no-include-headings",
            help=_("Print chapter and paragraph-group headings above the units."),
        ),
    ] = True,
    whole_paragraphs: Annotated[
        bool,
        typer.Option("--whole-paragraphs", help=_("Quote the whole § of every cited stk. or nr.")),
    ] = False,
) -> None:
    """Quote cited provisions word for word, ready to attach to a decision (lovuddrag).

    Units are grouped by act, in the act's own order, under the act's name,
    number and date. Citations that cannot be quoted are listed on stderr,
    and the exit status is then 1.
    """
    from kb import api

    if (citation is None) == (from_letter is None):
        raise KbError(_("give either a CITATION or --from-letter FILE (one of them)"))
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
    said = (
        (_("kb: left out {where}{citation}{named}: {status}{message}"), result.omitted),
        (_("kb: note on {where}{citation}{named}: {status}{message}"), result.notes),
    )
    for line, items in said:
        for o in items:
            written = " ".join(o.text.split())  # the letter's line breaks, on one line
            fields = {
                "where": f"{o.line}:{o.column}: " if o.line is not None else "",
                "citation": repr(written),
                "named": f" ({o.canonical})" if o.canonical and o.canonical != written else "",
                "status": f"{o.status}: " if o.status != "ok" else "",
                "message": o.message,
            }
            typer.echo(line.format(**fields), err=True)
    if result.empty:
        raise NotFound(_("nothing to quote: no citation resolved to a stored provision"))
    _write_excerpt(result, kind, output)
    raise typer.Exit(0 if result.complete else 1)


def _excerpt_format(fmt: str | None, output: Path | None, as_json: bool) -> str:
    if as_json:
        fmt = fmt or "json"
        if fmt != "json":
            raise KbError(
                _("--json and --format {format} disagree; give one of them").format(format=fmt)
            )
    if fmt is None and output is not None:
        fmt = _ENDINGS.get(output.suffix.lower())
        if fmt is None:
            raise KbError(
                _(
                    "-o {output}: cannot tell the format from the ending {ending}; "
                    "give --format ({formats})"
                ).format(output=output, ending=repr(output.suffix), formats=", ".join(_FORMATS))
            )
    fmt = fmt or "text"
    if fmt not in _FORMATS:
        raise KbError(
            _("--format {format} is not one of {formats}").format(
                format=repr(fmt), formats=", ".join(_FORMATS)
            )
        )
    if fmt == "docx" and output is None:
        raise KbError(_("--format docx writes a file; give -o FILE.docx"))
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

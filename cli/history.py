"""`kb versions`, `kb diff`, `kb effects` and `kb laws`: what the store holds, and how an act
changed."""

from __future__ import annotations

from typing import Annotated

import typer

from kb.i18n import _

from .app import (
    ActName,
    AsOf,
    Json,
    JsonOut,
    _date,
    _output,
    _print_json,
    app,
)

# --- kb versions / kb diff / kb effects -------------------------------------------


@app.command(help=_("An act's chain of versions, with intervals, lineage and amending acts."))
def versions(
    law: ActName,
    as_of: AsOf = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help=_("Mark the versions added to the store from this day on.")),
    ] = None,
    as_json: JsonOut = False,
) -> None:
    """An act's chain of versions, with intervals, lineage and amending acts."""
    from kb.api import versions as chain

    data = chain(law, _date(as_of))
    if since is not None:
        day = _since_day(since)
        for v in data["versions"]:
            v["added_since"] = bool(v.get("imported_at")) and v["imported_at"][:10] >= day
    _output(as_json, data, "print_versions", data)


def _since_day(value: str) -> str:
    import datetime as dt

    from kb.errors import KbError

    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise KbError(
            _("{option} {value} is not a date; write it as YYYY-MM-DD, e.g. 2014-02-01").format(
                option="--since", value=repr(value)
            )
        ) from None


@app.command(
    help=_("What changed between two versions, provision by provision (default: the two newest).")
)
def diff(
    law: ActName,
    old: Annotated[
        str | None,
        typer.Argument(help=_('The older version: "988", "988/2012" or its designation.')),
    ] = None,
    new: Annotated[
        str | None, typer.Argument(help=_("The newer version (default: the newest)."))
    ] = None,
    as_json: JsonOut = False,
) -> None:
    """What changed between two versions, provision by provision (default: the two newest)."""
    from kb.api import diff as compare

    result = compare(law, old, new)
    _output(as_json, result.to_json() if as_json else None, "print_diff", result)


@app.command(help=_("The changes the stored amending acts make to an act, folded in or pending."))
def effects(
    law: ActName,
    pending: Annotated[
        bool,
        typer.Option("--pending", help=_("Only effects no stored consolidation has folded in.")),
    ] = False,
    as_json: JsonOut = False,
) -> None:
    """The changes the stored amending acts make to an act, folded in or pending."""
    from kb.api import effects as effects_of

    found = effects_of(law, pending=pending)
    _output(as_json, [e.to_json() for e in found], "print_effects", found)


# --- kb laws ----------------------------------------------------------------


@app.command(help=_("List every act in the store with its versions."))
def laws(as_of: AsOf = None, as_json: Json = False) -> None:
    """List every act in the store with its versions."""
    from kb.api import laws as list_laws

    data = list_laws(_date(as_of))
    if as_json:
        _print_json(data)
        return
    from .render import print_laws

    print_laws(data)

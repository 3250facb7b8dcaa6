"""`kb consolidate`: an act's text after chosen amending §§, computed, or a stored
consolidation rebuilt and compared with the official text."""

from __future__ import annotations

from typing import Annotated

import typer

from kb.errors import UsageError
from kb.i18n import _, language

from .app import JsonOut, _print_json, app


@app.command(
    help=_("An act's text after applying chosen amending §§ to a stored version (computed).")
)
def consolidate(
    law: Annotated[
        str | None, typer.Argument(help=_("The act, e.g. forvaltningsloven or fvl."))
    ] = None,
    base: Annotated[
        str | None,
        typer.Option(
            "--base", help=_('The stored version to start from: "LBK nr 988 af 09/10/2012".')
        ),
    ] = None,
    apply: Annotated[
        list[str] | None,
        typer.Option(
            "--apply", help=_('An amending § to apply: "LOV nr 638 af 12/06/2013 § 1"; repeatable.')
        ),
    ] = None,
    verify: Annotated[
        str | None,
        typer.Option(
            "--verify",
            help=_("Rebuild this stored consolidation from its base and compare with it."),
        ),
    ] = None,
    as_json: JsonOut = False,
) -> None:
    """An act's text after applying chosen amending §§ to a stored version (computed)."""
    from kb.api import consolidation, verify_consolidation

    if verify is not None:
        checked = verify_consolidation(verify)
        if as_json:
            _print_json(checked.to_json(language()))
        else:
            _print_outcomes(checked.consolidation)
            typer.echo(
                _("{target}: {n} of {total} units differ from the official text").format(
                    target=checked.target, n=len(checked.differences), total=checked.units
                )
            )
            for d in checked.differences:
                typer.echo(f"  {d.canonical}")
                typer.echo("    " + _("official: {text}").format(text=d.official or "–"))
                typer.echo("    " + _("computed: {text}").format(text=d.computed or "–"))
        raise typer.Exit(0 if not checked.differences else 1)
    if law is None or base is None:
        raise UsageError(_("name the act and --base, or --verify a consolidation"))
    result = consolidation(law, base, list(apply or []))
    if as_json:
        _print_json(result.to_json(language()))
    else:
        if result.notice:
            typer.echo(result.notice)
        _print_outcomes(result)
        for u in result.units:
            if u.heading:
                typer.echo(u.heading)
            line = " ".join(x for x in (u.label, u.text) if x)
            if line:
                typer.echo(line)
    raise typer.Exit(0 if not result.refused else 1)


def _print_outcomes(result: object) -> None:
    from kb.consolidate.model import Consolidation

    assert isinstance(result, Consolidation)
    for a in result.applied:
        for o in a.instructions:
            if o.status == "refused":
                typer.echo(
                    _("refused: {act} {paragraf}, nr. {nr} ({reason}): {message}").format(
                        act=a.designation,
                        paragraf=a.paragraf,
                        nr=o.nr.rstrip("."),
                        reason=o.reason,
                        message=o.message,
                    ),
                    err=True,
                )

"""`kb update` and `kb history`: keeping current from Retsinformation, and what changed."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer

from kb.errors import KbError
from kb.i18n import _, ngettext

from .app import JsonOut, _print_json, _progress, _rebuilding, app
from .maintain import _counted, _derived


def _day(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise KbError(
            _("{option} {value} is not a date; write it as YYYY-MM-DD, e.g. 2014-02-01").format(
                option=option, value=repr(value)
            )
        ) from None


Since = Annotated[str | None, typer.Option("--since", help=_("From this day on (YYYY-MM-DD)."))]


@app.command(
    help=_(
        "Fetch what is new at Retsinformation for the stored acts and import it.\n\n"
        "With --check, only look: exit 1 when something new exists."
    )
)
def update(
    act: Annotated[
        list[str] | None, typer.Option("--act", help=_("Only this act (may be repeated)."))
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help=_("Only list what is new (metadata); import nothing."))
    ] = False,
    since: Since = None,
    as_json: JsonOut = False,
) -> None:
    """Fetch what is new at Retsinformation for the stored acts and import it."""
    from kb.update import update as run

    bar = None if check or as_json else _progress(None, _("fetching"))

    def fetched(candidate: Any, queued: int) -> None:
        if bar is not None:
            bar.advance()

    def imported(result: Any) -> None:
        if bar is None:
            typer.echo(str(result))
        else:
            bar.print(str(result))

    def refuse(exc: Any) -> None:
        typer.echo(_("kb: refused {problem}").format(problem=exc), err=True)

    try:
        report = run(
            act or None,
            check=check,
            since=_day(since, "--since"),
            on_fetched=fetched,
            on_result=None if as_json else imported,
            on_refused=refuse,
            on_rebuild=_rebuilding,
            log=lambda msg: typer.echo(msg, err=True),
        )
    finally:
        if bar is not None:
            bar.stop()
    if as_json:
        _print_json(report.to_json())
    else:
        _print_update(report)
    if check and report.new:
        raise typer.Exit(1)
    if report.imported is not None and report.imported.refused:
        raise typer.Exit(2)


def _print_update(report: Any) -> None:
    out = typer.echo
    if report.harvest_error:
        said = _("kb: the recent days were not read: {problem}")
        out(said.format(problem=report.harvest_error), err=True)
    for c in report.new if report.check else []:
        if c.via == "harvest":
            how = _("the harvest API, {day}").format(day=c.by)
        else:
            how = _("later changes of {version}").format(version=c.by)
        out(f"{c.designation or c.accession or c.url}: {c.act} ({how})  {c.url}")
    for c, why in report.missing:
        said = _("{version}: listed for {act}, not available ({reason})")
        out(said.format(version=c.designation or c.url, act=c.act, reason=why))
    for accession in report.removed:
        out(
            _("{accession}: removed at Retsinformation; the store keeps it").format(
                accession=accession
            )
        )
    for g in report.gaps:
        if g.get("not_stored"):
            said = _("{act}: later changes {version} lists, not in the store: {changes}")
            out(said.format(act=g["act"], version=g["after"], changes=", ".join(g["not_stored"])))
        else:
            said = _("{act}: the text from {start} to {end} is not in the store")
            line = said.format(act=g["act"], start=g["from"], end=g["to"])
            if g.get("missing"):
                line += _(" (missing: {version})").format(version=g["missing"])
            out(line)
    n = len(report.new)
    if report.check:
        out(ngettext("{count} new document", "{count} new documents", n).format(count=n))
        return
    done = report.imported
    summary = ", ".join(_counted(s, k) for s, k in done.counts.items()) if done else ""
    refused = len(done.refused) if done else 0
    fetched = ngettext("{count} document fetched", "{count} documents fetched", n).format(count=n)
    refusals = ngettext("{count} refused", "{count} refused", refused).format(count=refused)
    out(f"{fetched}: {summary or _('nothing imported')}; {refusals}")
    if done is not None:
        _derived(done)


@app.command(help=_("What each import and update did, oldest first."))
def history(since: Since = None, as_json: JsonOut = False) -> None:
    """What each import and update did, oldest first."""
    from kb.ingest.load import ImportResult
    from kb.ingest.setup import open_store
    from kb.store.history import entries

    with open_store() as reader:
        found = entries(reader, _day(since, "--since"))
    if as_json:
        _print_json([e.to_json() for e in found])
        return
    if not found:
        typer.echo(_("no import or update is recorded"))
    for e in found:
        data = e.to_json()
        counts = [
            _counted(status, data[key])
            for status, key in (
                ("new act", "new_acts"),
                ("new version", "new_versions"),
                ("unchanged", "unchanged"),
            )
            if data[key]
        ]
        n = data["refused"]
        counts.append(ngettext("{count} refused", "{count} refused", n).format(count=n))
        when = e.started_at.strftime("%Y-%m-%d %H:%M:%S")
        typer.echo(typer.style(f"{when} UTC  kb {e.command}", bold=True) + "  " + ", ".join(counts))
        if e.note:
            typer.echo("  " + e.note)
        for item in e.items:
            what = item.get("url") or item.get("file") or ""
            if item["status"] == "refused":
                said = _("{file}: refused: {reason}")
                typer.echo("  " + said.format(file=what, reason=item.get("reason")))
            else:
                act, version = item.get("act", ""), item.get("version", "")
                typer.echo(f"  {ImportResult(what, item['status'], act, version)}")

"""The `kb` application: the Typer app and its sub-apps, the options the commands share,
the output helpers, and `main`, which turns every error into one plain line and an exit code.

The commands live in modules of their own (`lookup`, `find`, `history`, `maintain`), each a
thin layer over `kb.api`; `kb.cli.main` gathers them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gettext
import json
import os
import re
import sys
from typing import Annotated, Any

from kb.errors import KbError
from kb.i18n import LOCALE_DIR, _, language, ngettext, set_language


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
# Typer's own words on a help screen ("Options", "Commands", "[required]") go through the
# standard library's gettext, default domain and the environment's language: point both at
# lovkb's catalog (kb/locale/da/LC_MESSAGES/messages.po) before Typer is imported. This
# process is the command line and nothing else, so its environment is lovkb's to set.
os.environ["LANGUAGE"] = language()
gettext.bindtextdomain("messages", str(LOCALE_DIR))

import typer  # noqa: E402  (after the language is set: see above)

try:  # typer 0.28 and later carry their own copy of click
    from typer._click.exceptions import NoArgsIsHelpError, UsageError
except ImportError:  # pragma: no cover - older typer, click installed beside it
    from click.exceptions import NoArgsIsHelpError, UsageError  # type: ignore[no-redef,import-not-found,assignment,unused-ignore]


app = typer.Typer(
    name="kb",
    help=_("lovkb: find, resolve and quote Danish statute citations."),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help=_("Manage the store's schema."), no_args_is_help=True)
app.add_typer(db_app, name="db")
index_app = typer.Typer(help=_("Manage the full-text search index."), no_args_is_help=True)
app.add_typer(index_app, name="index")

_state = {"debug": False}

AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help=_("Read the law as in force on this date (YYYY-MM-DD); default today."),
    ),
]
Json = Annotated[bool, typer.Option("--json", help=_("Print JSON (see spec/citations-json.md)."))]
JsonOut = Annotated[bool, typer.Option("--json", help=_("Print JSON."))]
ActName = Annotated[str, typer.Argument(help=_("The act, e.g. forvaltningsloven or fvl."))]
Law = Annotated[
    str | None,
    typer.Option("--law", help=_("The act for citations that name none (e.g. forvaltningsloven).")),
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
    from kb.ingest import setup

    setup.first_use_progress = _first_use


def _date(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise KbError(
            _("--as-of {value} is not a date; write it as YYYY-MM-DD, e.g. 2014-02-01").format(
                value=repr(value)
            )
        ) from None


def _seconds(value: float) -> str:
    """A duration in seconds with one decimal, written the way the language writes it."""
    text = f"{value:.1f}"
    return text.replace(".", ",") if language() == "da" else text


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


def _rebuilding(reason: str) -> Any:
    """Tell the user why the index is rebuilt, and show its progress on stderr."""
    typer.echo(_("kb: rebuilding the search index: {reason}").format(reason=reason), err=True)
    return _advancing(None, _("indexing"))


def _reading_graph(versions: int) -> None:
    """Say why a command waits: the reference graph is read for what is new."""
    typer.echo(
        ngettext(
            "kb: reading the references of {n} version",
            "kb: reading the references of {n} versions",
            versions,
        ).format(n=versions),
        err=True,
    )


def _first_use(total: int) -> Any:
    """A progress bar on stderr while first use loads the bundled sources (a terminal only)."""
    return _advancing(total, _("loading"))


def _advancing(total: int | None, what: str) -> Any:
    """A `(done, total)` callback driving a progress bar that stops when done, or
    None where there is no terminal to draw it on."""
    bar = _progress(total, what)
    if bar is None:
        return None

    def advance(done: int, total: int) -> None:
        bar.update(done, total)
        if done >= total:
            bar.stop()

    return advance


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
    return _Bar(total, what) if os.isatty(2) else None


# The parser's mistakes, as its English words give them, and how lovkb says them.
_USAGE = (
    (re.compile(r"No such option: (\S+?)(?: Did you mean (.+)\?)?"), "option"),
    (re.compile(r"Missing argument '(.+)'\."), "argument"),
    (re.compile(r"Missing option '(.+)'\."), "missing option"),
    (re.compile(r"No such command '(.+)'\."), "command"),
    (re.compile(r"Option '(.+)' requires an argument\."), "needs value"),
    (re.compile(r"Got unexpected extra arguments? \((.+)\)"), "extra"),
    (re.compile(r"Invalid value for '(.+)': (.+)"), "invalid"),
)


def _usage(exc: UsageError) -> str:
    """The parser's message in the language in force (its own words are English)."""
    problem = exc.format_message()
    if language() == "en":
        return problem
    for pattern, kind in _USAGE:
        m = pattern.fullmatch(problem)
        if m is None:
            continue
        name, more = m.group(1), m.group(2) if m.lastindex and m.lastindex > 1 else None
        if kind == "option":
            said = _("there is no option {name}").format(name=name)
            if more:
                said += " " + _("(did you mean {names}?)").format(names=more)
            return said
        if kind == "argument":
            return _("the argument {name} is missing").format(name=name)
        if kind == "missing option":
            return _("the option {name} is missing").format(name=name)
        if kind == "command":
            return _("there is no command {name}").format(name=name)
        if kind == "needs value":
            return _("the option {name} needs a value").format(name=name)
        if kind == "extra":
            return _("more arguments than the command takes: {words}").format(words=name)
        return _("invalid value for {name}: {detail}").format(name=name, detail=more)
    return problem


def main() -> None:
    """Console entry point: runs the app and turns KbError into an exit code."""
    if os.environ.get("KB_LANG"):
        try:
            language(os.environ["KB_LANG"])
        except ValueError as exc:  # said plainly, as every other mistake
            typer.echo(f"kb: KB_LANG: {exc}", err=True)
            sys.exit(2)
    try:
        # Named `kb` however it was started (`python -m kb.cli` too): messages name the command.
        code = app(standalone_mode=False, prog_name="kb")
    except UsageError as exc:
        # One plain line, as for every other mistake, instead of the parser's box.
        command = exc.ctx.command_path if exc.ctx is not None else "kb"
        if isinstance(exc, NoArgsIsHelpError) and exc.ctx is not None:
            typer.echo(exc.ctx.get_help())
        else:
            line = _("{command}: {problem} (see `{command} --help`)")
            typer.echo(line.format(command=command, problem=_usage(exc)), err=True)
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
        line = _("kb: internal error ({kind}: {detail}); run with --debug for the traceback")
        typer.echo(line.format(kind=type(exc).__name__, detail=exc), err=True)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)

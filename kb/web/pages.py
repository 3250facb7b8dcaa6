"""The Danish pages: Søg, a provision at a stable address, Tjek et brev, Begreber, Love.

Plain HTML forms that work without JavaScript; Jinja2 escapes everything a page
shows (a letter's text included), and no page carries inline script or style.
A provision's address is `/lov/{act}/{§}[/stk-N[/nr-N[/litra-x]]]?dato=YYYY-MM-DD`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

import kb
from kb.errors import KbError, NotFound
from kb.excerpts.select import QUOTED
from kb.i18n import _
from kb.web.app import HERE, service, work
from kb.web.limits import HttpError

ENV = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)

# The status of a citation's worst target decides its colour and label.
SEVERITY = ("ok", "not_in_force", "ambiguous", "not_found", "unknown_law")
STATUS_LABEL = {
    "ok": "Fundet",
    "not_in_force": "Ikke gældende",
    "ambiguous": "Tvetydig",
    "not_found": "Findes ikke",
    "unknown_law": "Loven er ikke indlæst",
}
# Warnings that are the pamphlet's checklist, said of the letter as a whole.
CHECKLIST = ("designation_missing", "stk_not_named", "law_from_default")


def _date_text(iso: str | None) -> str:
    if not iso:
        return ""
    from kb.text import MONTHS

    names = {number: name for name, number in MONTHS.items()}
    day = dt.date.fromisoformat(iso)
    return f"{day.day}. {names[day.month]} {day.year}"


ENV.filters["dato"] = _date_text
ENV.globals["STATUS_LABEL"] = STATUS_LABEL


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    page = ENV.get_template(name).render(path=request.url.path, **context)
    return HTMLResponse(page, status_code=status)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status=status, status_code=status, message=message)


def _dato(request: Request) -> dt.date:
    value = (request.query_params.get("dato") or "").strip()
    return kb.day(value or None)


# --- addresses ---------------------------------------------------------------

_PARAGRAF = re.compile(r"(\d+)\s*([a-zæøå]?)")
_STEP = re.compile(r"(stk|nr|litra)-([0-9]+|[a-zæøå])")


def provision_url(
    law: str | None,
    paragraf: str | None,
    stk: int | None = None,
    nr: int | None = None,
    litra: str | None = None,
    dato: dt.date | str | None = None,
) -> str | None:
    """The stable address of a provision, or None when there is not enough to name one."""
    if not law or not paragraf:
        return None
    parts = [quote(law, safe=""), paragraf.replace(" ", "")]
    if stk is not None:
        parts.append(f"stk-{stk}")
    if nr is not None:
        parts.append(f"nr-{nr}")
    if litra is not None:
        parts.append(f"litra-{litra}")
    url = "/lov/" + "/".join(parts)
    if dato:
        url += "?" + urlencode({"dato": str(dato)})
    return url


def lookup_url(citation: str, dato: dt.date | str | None = None) -> str:
    query = {"h": citation, **({"dato": str(dato)} if dato else {})}
    return "/opslag?" + urlencode(query)


def _target_url(t: dict[str, Any] | Any, dato: dt.date | str | None) -> str | None:
    get = t.get if isinstance(t, dict) else lambda k: getattr(t, k)
    return provision_url(
        get("law"), get("paragraf"), get("stk"), get("nr"), get("litra"), dato=dato
    )


def _nowhere(address: str) -> str:
    return _("no provision has the address {address}").format(address=repr(address))


def _address(address: str) -> str:
    """ "24/stk-2/nr-3" -> "§ 24, stk. 2, nr. 3"; a 404 for anything else."""
    first, *rest = address.strip("/").split("/")
    m = _PARAGRAF.fullmatch(first)
    if m is None:
        raise HttpError(404, "not_found", _nowhere(address))
    said = f"§ {m.group(1)}" + (f" {m.group(2)}" if m.group(2) else "")
    for step in rest:
        s = _STEP.fullmatch(step)
        if s is None:
            raise HttpError(404, "not_found", _nowhere(address))
        said += (
            f", {s.group(1)}. {s.group(2)}" if s.group(1) != "litra" else f", litra {s.group(2)}"
        )
    return said


# --- pieces of text ------------------------------------------------------------


@dataclass
class Piece:
    """A run of text; a link or a highlighted citation when `href` or `status` is set."""

    text: str
    href: str | None = None
    status: str | None = None
    start: int | None = None
    end: int | None = None
    number: int | None = None
    title: str | None = None


def _snippet(snippet: str) -> list[Piece]:
    """The index's «marked» words as highlighted pieces."""
    out = []
    for i, part in enumerate(re.split(r"[«»]", snippet)):
        if part:
            out.append(Piece(part, status="hit" if i % 2 else None))
    return out


def _linked(text: str, references: list[dict[str, Any]], dato: dt.date) -> list[Piece]:
    """A provision's text with every reference in it a link to what it names."""
    out: list[Piece] = []
    at = 0
    for ref in sorted(references, key=lambda r: r["start"]):
        if ref["start"] < at:
            continue
        out.append(Piece(text[at : ref["start"]]))
        targets = ref.get("targets") or []
        href = next((u for t in targets if (u := _target_url(t, dato))), None)
        title = ", ".join(t["canonical"] for t in targets) or None
        out.append(Piece(text[ref["start"] : ref["end"]], href=href, title=title))
        at = ref["end"]
    out.append(Piece(text[at:]))
    return [p for p in out if p.text]


def worst(statuses: list[str]) -> str:
    return max(statuses, key=SEVERITY.index) if statuses else "ok"


# --- Søg ------------------------------------------------------------------------


async def search_page(request: Request) -> Response:
    q = (request.query_params.get("q") or "").strip()
    dato = _dato(request)
    all_acts = request.query_params.get("alle") == "1"
    svc = service(request)
    hits: list[dict[str, Any]] = []
    result = None
    direct: list[tuple[str, str]] = []
    if q:
        reader = svc.open_reader

        def cited() -> list[tuple[str, str]]:
            try:
                found = kb.resolve(q, dato, reader=reader).targets
            except KbError:  # words, not a citation: the search answers
                return []
            return [
                (t.canonical, url)
                for t in found
                if t.status in QUOTED and (url := _target_url(t, dato)) is not None
            ]

        direct = await work(request, cited)
        result = await work(
            request, lambda: kb.search(q, dato, all_acts=all_acts, limit=20, url=svc.url)
        )
        for h in result.hits:
            hits.append(
                {
                    "hit": h,
                    "href": lookup_url(h.canonical, dato) if h.law else None,
                    "snippet": _snippet(h.snippet),
                }
            )
    return render(
        request,
        "search.html",
        q=q,
        dato=dato,
        alle=all_acts,
        result=result,
        hits=hits,
        direct=direct,
    )


async def lookup(request: Request) -> Response:
    """Any citation, written as a person writes it: to its provision's page."""
    said = (request.query_params.get("h") or "").strip()
    dato = _dato(request)
    if not said:
        return RedirectResponse("/", status_code=303)
    reader = service(request).open_reader
    result = await work(request, lambda: kb.resolve(said, dato, reader=reader))
    targets = result.targets
    url = _target_url(targets[0], dato) if len(targets) == 1 else None
    if url and targets[0].status in QUOTED:
        return RedirectResponse(url, status_code=303)
    rows = [{"t": t, "href": _target_url(t, dato)} for t in targets]
    return render(request, "lookup.html", said=said, dato=dato, rows=rows)


# --- a provision ------------------------------------------------------------------


@dataclass
class Provision:
    target: Any
    pieces: list[Piece]
    citation_line: str | None
    versions: list[dict[str, Any]]
    read: dict[str, Any] | None
    later: list[dict[str, Any]]
    incoming: list[dict[str, Any]] = field(default_factory=list)


def _provision(reader: Any, act: str, said: str, dato: dt.date) -> Provision:
    try:
        result = kb.resolve(said, dato, law=act, reader=reader, references=True)
    except NotFound:
        raise
    except KbError as exc:  # an act the store does not hold: no page at this address
        raise NotFound(exc.message) from None
    target = result.targets[0] if result.targets else None
    if target is None or target.status not in QUOTED or target.text is None:
        raise NotFound(target.message if target and target.message else f"{act} {said}")
    history = kb.versions(target.law or act, dato, reader=reader)
    read = next((v for v in history["versions"] if v["designation"] == target.version), None)
    later = [c for c in (read or {}).get("later_changes", []) if c.get("designation")]
    # the page names the act itself: "the act is taken from --law" is no news here
    target.warnings = [w for w in target.warnings if w.code != "law_from_default"]
    pieces = _linked(target.text, target.references or [], dato)
    incoming: list[dict[str, Any]] = []
    try:
        from kb.web.api import read_refs

        found = read_refs(reader, target.canonical, dato, None, incoming=True)
        for i in found.incoming or []:
            incoming.append({"i": i, "href": lookup_url(i.canonical, dato)})
    except KbError:
        pass  # a unit the graph cannot place has no references to it to show
    return Provision(
        target, pieces, _citation_line(reader, target), history["versions"], read, later, incoming
    )


def _citation_line(reader: Any, target: Any) -> str | None:
    """The citation as the pamphlet asks a letter to give it: "forvaltningsloven, jf.
    lovbekendtgørelse nr. 433 af 22. april 2014, § 24, stk. 2"."""
    from kb.excerpts.select import heading

    act = reader.act(target.law) if target.law else None
    if act is None:
        return None
    version = next((v for v in reader.versions(act.id) if v.designation == target.version), None)
    if version is None:
        return None
    named = heading(act, version)
    if act.popular_title:
        named = named[:1].lower() + named[1:]
    unit = target.canonical.removeprefix(target.law).strip()
    return f"{named}, {unit}"


async def provision_page(request: Request) -> Response:
    act = request.path_params["act"]
    address = request.path_params["address"]
    said = _address(address)
    dato = _dato(request)
    reader = service(request).open_reader
    found = await work(request, lambda: _provision(reader, act, said, dato))
    return render(
        request,
        "provision.html",
        p=found,
        t=found.target,
        act=act,
        address=address,
        dato=dato,
        here=request.url.path,
        version_url=lambda v: provision_url(
            found.target.law,
            found.target.paragraf,
            found.target.stk,
            found.target.nr,
            found.target.litra,
            dato=v.get("in_force_from") or v.get("date_signed"),
        ),
        lookup_url=lookup_url,
    )


async def law_page(request: Request) -> Response:
    act = request.path_params["act"]
    dato = _dato(request)
    reader = service(request).open_reader

    def read() -> dict[str, Any]:
        history = kb.versions(act, dato, reader=reader)
        row = reader.act_called(act)
        current = next((v for v in history["versions"] if v["in_force"]), None)
        numbers: list[str] = []
        if current is not None:
            stored = next(
                (v for v in reader.versions(row.id) if v.designation == current["designation"]),
                None,
            )
            if stored is not None:
                numbers = reader.paragraf_numbers(stored.id)
        return {"history": history, "current": current, "numbers": numbers, "key": row.key}

    data = await work(request, read)
    links = [(n, provision_url(data["key"], n, dato=dato)) for n in data["numbers"]]
    return render(request, "law.html", dato=dato, links=links, **data)


# --- Tjek et brev ---------------------------------------------------------------


async def check_form(request: Request) -> Response:
    return render(request, "check.html", dato=_dato(request), letter=None)


def _marked(text: str, citations: list[Any]) -> list[Piece]:
    out: list[Piece] = []
    at = 0
    for n, c in enumerate(citations, 1):
        if c.start < at:
            continue
        out.append(Piece(text[at : c.start]))
        status = worst([t.status for t in c.targets])
        out.append(Piece(c.text, status=status, start=c.start, end=c.end, number=n))
        at = c.end
    out.append(Piece(text[at:]))
    return [p for p in out if p.text]


async def check_page(request: Request) -> Response:
    from kb.web.api import read_letter

    letter = await read_letter(request)
    dato = kb.day(letter.as_of)
    reader = service(request).open_reader
    result = await work(request, lambda: kb.check(letter.text, dato, law=letter.law, reader=reader))
    citations = sorted(result.citations, key=lambda c: c.start)
    rows = []
    checklist = []
    for n, c in enumerate(citations, 1):
        targets = [{"t": t, "href": _target_url(t, dato)} for t in c.targets]
        rows.append(
            {"n": n, "c": c, "targets": targets, "status": worst([t.status for t in c.targets])}
        )
        checklist += [(c, w) for t in c.targets for w in t.warnings if w.code in CHECKLIST]
    return render(
        request,
        "check.html",
        dato=dato,
        letter=letter,
        pieces=_marked(letter.text, citations),
        rows=rows,
        checklist=checklist,
        summary=result.summary,
    )


async def excerpt_download(request: Request) -> Response:
    """The lovuddrag of a letter's citations, as the check page's buttons ask for it."""
    from kb.web.api import excerpt_response, read_letter

    fmt = request.query_params.get("format") or "docx"
    if fmt not in ("docx", "html"):
        raise HttpError(404, "not_found", _("a lovuddrag is downloaded as docx or html"))
    letter = await read_letter(request)
    reader = service(request).open_reader
    made = await work(
        request, lambda: kb.excerpt_letter(letter.text, letter.as_of, law=letter.law, reader=reader)
    )
    return await excerpt_response(request, made, fmt)


# --- Begreber og Love ---------------------------------------------------------------


async def concepts_page(request: Request) -> Response:
    dato = _dato(request)
    reader = service(request).open_reader
    found = await work(request, lambda: kb.concepts(reader=reader))
    rows = [{"c": c, "links": [(p, lookup_url(p, dato)) for p in c["provisions"]]} for c in found]
    return render(request, "concepts.html", dato=dato, rows=rows)


async def laws_page(request: Request) -> Response:
    dato = _dato(request)
    reader = service(request).open_reader
    acts = await work(request, lambda: kb.laws(dato, reader=reader))
    rows = []
    for a in acts:
        own = [v for v in a["versions"] if not v["amending"]]
        if not own:
            continue  # an amending act, a document of its own: listed under its act
        current = next((v for v in own if v["in_force"]), None)
        href = f"/lov/{quote(a['key'], safe='')}?" + urlencode({"dato": str(dato)})
        rows.append({"a": a, "current": current, "count": len(own), "href": href})
    return render(request, "laws.html", dato=dato, rows=rows)


ROUTES = [
    Route("/", search_page, methods=["GET"]),
    Route("/opslag", lookup, methods=["GET"]),
    Route("/tjek", check_form, methods=["GET"]),
    Route("/tjek", check_page, methods=["POST"]),
    Route("/tjek/lovuddrag", excerpt_download, methods=["POST"]),
    Route("/begreber", concepts_page, methods=["GET"]),
    Route("/love", laws_page, methods=["GET"]),
    Route("/lov/{act}", law_page, methods=["GET"]),
    Route("/lov/{act}/{address:path}", provision_page, methods=["GET"]),
]

"""What a version has, said where a citation finds nothing, and the small writings
the resolver's messages share (numbers ranged, paths and citations written out).
"""

from __future__ import annotations

from collections.abc import Sequence

from kb.citation.model import Pinpoint
from kb.codes import say
from kb.store.read import ActRow, Reader, UnitRow, VersionRow
from kb.units import MAX_RANGE, Address, number_key


def what_exists(
    reader: Reader, act: ActRow, version: VersionRow, pin: Pinpoint, numbers: Sequence[str | None]
) -> str:
    """Why `pin` is not in `version`, said as what is there instead; `numbers`
    are the version's §§ (`Reader.paragraf_numbers`)."""
    where = f"{act.key} ({version.designation})"
    if pin.paragraf is None:
        chapters = describe("kapitel", reader.chapter_numbers(version.id))
        return say(
            "{where} has no kapitel {kapitel}; it has {chapters}",
            where=where,
            kapitel=pin.kapitel,
            chapters=chapters,
        )
    par = reader.unit(version.id, str(Address(pin.paragraf)))
    if par is None:
        said = {"where": where, "paragraf": pin.paragraf, "numbers": describe("§§", numbers)}
        if version.is_partial:
            return say(
                "{where} is an extract that does not quote § {paragraf}; it quotes {numbers}",
                **said,
            )
        return say("{where} has no § {paragraf}; it has {numbers}", **said)
    levels = [("stk", pin.stk, "stk."), ("nr", pin.nr, "nr."), ("litra", pin.litra, "litra")]
    parent = par
    written = f"§ {pin.paragraf}"
    if pin.stk is None and (only := only_stk(reader, version, pin.paragraf)) is not None:
        parent = only
    elif pin.stk is None and (pin.nr is not None or pin.litra is not None):
        # "§ 4, nr. 9" where only stk. 1 has numbered items: say what stk. 1 has
        kind = "nr" if pin.nr is not None else "litra"
        stks = [c for c in reader.children(version.id, par.ord) if c.kind == "stk"]
        having = [
            c for c in stks if any(k.kind == kind for k in reader.children(version.id, c.ord))
        ]
        if len(having) == 1 and having[0].number:
            parent = having[0]
            written += f", stk. {having[0].number}"
    for kind, wanted, word in levels:
        if wanted is None:
            continue
        kids = [c for c in reader.children(version.id, parent.ord) if c.kind == kind and c.path]
        match = next((c for c in kids if c.number == str(wanted)), None)
        if match is None:
            if not kids:
                return say("{law} {unit} has no {word}", law=act.key, unit=written, word=word)
            return say(
                "{law} {unit} has {numbers}",
                law=act.key,
                unit=written,
                numbers=describe(word, [c.number for c in kids]),
            )
        parent = match
        written += f", {word} {wanted}"
    return say("{law} {unit} was not found", law=act.key, unit=written)


def only_stk(reader: Reader, version: VersionRow, paragraf: str | None) -> UnitRow | None:
    """The stk. of a § that has exactly one (its nr. are cited without it)."""
    par = reader.unit(version.id, str(Address(paragraf))) if paragraf else None
    if par is None:
        return None
    stks = [c for c in reader.children(version.id, par.ord) if c.kind == "stk"]
    return stks[0] if len(stks) == 1 else None


def stk_holding(reader: Reader, version: VersionRow, pin: Pinpoint) -> int | None:
    """The one stk. of a § that holds the nr. or litra `pin` names without a stk.: in
    "§ 4, nr. 2" of a § whose stk. 1 alone has numbered items, stk. 1. None where
    no stk. or more than one holds it: that is not for the resolver to choose."""
    par = reader.unit(version.id, str(Address(pin.paragraf))) if pin.paragraf else None
    if par is None:
        return None
    holding = [
        c.number
        for c in reader.children(version.id, par.ord)
        if c.kind == "stk"
        and c.number
        and c.number.isdigit()
        and reader.unit(version.id, pin._replace(stk=int(c.number)).path or "") is not None
    ]
    return int(holding[0]) if len(holding) == 1 else None


def range_gap(missing: list[int], version: VersionRow, lo: str, hi: str) -> str:
    """That the whole numbers `missing` between a range's ends are not in `version`."""
    runs: list[list[int]] = []
    for n in missing:
        if runs and runs[-1][-1] == n - 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    written = ", ".join(f"§ {r[0]}" if len(r) == 1 else f"§§ {r[0]}-{r[-1]}" for r in runs)
    said = {"missing": written, "version": version.designation, "lo": lo}
    if len(missing) == 1:
        return say(
            "{missing} is not in {version}; the range §§ {lo}-{hi} takes in the paragraphs it has",
            **said,
            hi=hi,
        )
    return say(
        "{missing} are not in {version}; the range §§ {lo}-{hi} takes in the paragraphs it has",
        **said,
        hi=hi,
    )


def repeal(act: ActRow, version: VersionRow, written: str, label: str | None, words: str) -> str:
    shown = " ".join(p for p in (label, words) if p)
    return say(
        "{law} {unit} is repealed: {version} reads “{shown}”",
        law=act.key,
        unit=written,
        version=version.designation,
        shown=shown,
    )


def describe(word: str, numbers: Sequence[str | None]) -> str:
    """'stk.', ['1','2','3'] -> 'stk. 1-3'; runs of whole numbers are ranged."""
    nums = [n for n in numbers if n]
    out: list[str] = []
    run: list[int] = []

    def flush() -> None:
        if run:
            out.append(f"{run[0]}-{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)))
            run.clear()

    for n in nums:
        if n.isdigit() and (not run or int(n) == run[-1] + 1):
            run.append(int(n))
        else:
            flush()
            if n.isdigit():
                run.append(int(n))
            else:
                out.append(n)
    flush()
    return f"{word} {', '.join(out)}" if out else say("no {word}", word=word)


def numeric_range(lo: str, hi: str) -> list[str]:
    """'152 c'-'152 f' -> 152 c, d, e, f; '90'-'94 a' -> 90 … 94, 94 a."""
    (ln, ll), (hn, hl) = number_key(lo), number_key(hi)
    if ln == hn:
        start = ord(ll) if ll else ord("a") - 1
        return [lo] + [f"{ln} {chr(c)}" for c in range(start + 1, ord(hl) + 1)]
    out = [lo] + [str(n) for n in range(ln + 1, min(hn, ln + MAX_RANGE) + 1)]
    if hl:
        out.append(hi)
    return out


def path_written(path: str) -> str:
    """ "§6" → "§ 6"; "§27/s5" → "§ 27, stk. 5"."""
    return Address.parse(path).written()


def one_line(text: str) -> str:
    return " ".join(text.split())

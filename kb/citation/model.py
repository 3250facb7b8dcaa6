"""Citation models: what a citation says, before and after resolution."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Pinpoint:
    """The sub-provision a citation points at, from § down to pkt."""

    paragraf: str | None = None  # "24", "11 a"
    stk: int | None = None
    nr: int | None = None
    litra: str | None = None
    pkt: int | None = None
    kapitel: str | None = None  # "8 b"

    @property
    def path(self) -> str | None:
        """The store's address of the unit (pkt. is inside the unit's text)."""
        if self.paragraf is None:
            return f"kap{self.kapitel}" if self.kapitel else None
        path = f"§{self.paragraf}"
        if self.stk is not None:
            path += f"/s{self.stk}"
        if self.nr is not None:
            path += f"/n{self.nr}"
        if self.litra is not None:
            path += f"/l{self.litra}"
        return path

    def written(self) -> str:
        """The pinpoint written the standard way: "§ 24, stk. 1, 2. pkt."."""
        if self.paragraf is None:
            return f"kapitel {self.kapitel}" if self.kapitel else ""
        parts = [f"§ {self.paragraf}"]
        if self.stk is not None:
            parts.append(f"stk. {self.stk}")
        if self.nr is not None:
            parts.append(f"nr. {self.nr}")
        if self.litra is not None:
            parts.append(f"litra {self.litra}")
        if self.pkt is not None:
            parts.append(f"{self.pkt}. pkt.")
        return ", ".join(parts)

    def canonical(self, law: str | None) -> str:
        return f"{law} {self.written()}" if law else self.written()


@dataclass(frozen=True)
class ParsedCitation:
    """One citation as written: the act named (if any) and the pinpoint."""

    text: str
    pin: Pinpoint
    act: str | None = None  # the act's name as written ("forvaltningslovens")
    version: str | None = None  # a version as written ("LBK nr 433 af 22/04/2014")
    version_key: tuple[str | None, int, str] | None = None  # (type, number, iso date)

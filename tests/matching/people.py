"""Invented participants for the engine tests."""

from __future__ import annotations

from mutuality.matching import Profile


def person(pid: str, side: str, **extra: object) -> Profile:
    defaults: dict[str, object] = {
        "email": f"{pid}@example.org",
        "organisation": f"org-{pid}",
        "level": 4 if side == "aspiring" else 7,
    }
    defaults.update(extra)
    return Profile(id=pid, side=side, **defaults)  # type: ignore[arg-type]

"""Small helpers for writing words on pages."""


def plural(noun: str) -> str:
    """An English noun for more than one: "buddy" → "buddies", "coach" → "coaches"."""
    if noun.endswith("y") and noun[-2:-1].lower() not in set("aeiou"):
        return f"{noun[:-1]}ies"
    if noun.endswith(("s", "sh", "ch", "x")):
        return f"{noun}es"
    return f"{noun}s"

"""Spreadsheet cells that are safe to open in Excel. Plain Python, no Django: the domain
engines that write CSV (the People Strategy file) use it as well as the exports."""

# A cell starting with one of these can run as a formula when a spreadsheet opens it.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Make a cell safe to open in Excel: text that could start a formula gets a leading
    apostrophe, which Excel shows as plain text (OWASP's advice on CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def restore(text: str) -> str:
    """Undo :func:`neutralise` when a file we wrote is read back."""
    if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text

"""Screenshot pages of a running demo as a given person, to look at them.

    .venv/bin/python scripts/screens.py EMAIL /path/ [/other/path/ ...]

Signs in through the demo people page (demo mode only) and writes PNGs to var/screens/.
"""

import os
import re
import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = os.environ.get("MUTUALITY_BASE_URL", "http://127.0.0.1:8000")


def main() -> None:
    email, paths = sys.argv[1], sys.argv[2:]
    out = Path("var/screens")
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=shutil.which("chromium"), args=["--disable-gpu", "--no-sandbox"]
        )
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        if email != "-":
            page.goto(f"{BASE}/demo/people/")
            row = page.locator("tr", has_text=email)
            row.get_by_role("button").click()
        for path in paths:
            page.goto(BASE + path)
            name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
            who = email.split("@")[0] if email != "-" else "anon"
            target = out / f"{who}--{name}.png"
            page.screenshot(path=str(target), full_page=True)
            print(target)
        browser.close()


if __name__ == "__main__":
    main()

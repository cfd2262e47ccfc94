#!/usr/bin/env python3
"""The preview loop in a real browser (headless Chromium through Selenium, from the
validation kit): with `newsroom serve` running on a site,

    live_reload_check.py URL FILE OLD NEW [--rounds N]

opens URL (a release page), then
  1. replaces OLD by NEW in FILE (the release's title) and waits until the page's <h1>
     shows NEW without the test reloading it (a marker set in the page must be gone);
     repeated N times (default 5), alternating the two titles, to time save-to-reload;
  2. breaks FILE's front matter and waits for the preview's error overlay, which must name
     FILE's path, line and column;
  3. restores FILE and waits until the overlay is gone and the title is back.
Prints one line per step and the save-to-reload times (from the file write to the new
page's <h1>), exits 0 when every step passed, 1 otherwise, 2 on a harness error.
Needs VALIDATE_KIT (the kit folder, for tools/browser_check.py's driver).
"""
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.environ.get("VALIDATE_KIT", "../shared/validate"), "tools"))
from browser_check import make_driver  # noqa: E402
from selenium.common.exceptions import TimeoutException, WebDriverException  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

OVERLAY = "newsroom_preview_overlay"


def write(path, text):
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)


def script(drv, source):
    """Runs JavaScript in the page; None while the page is being replaced by a reload."""
    try:
        return drv.execute_script(source)
    except WebDriverException:
        return None


def h1(drv):
    return (script(drv, "var h = document.querySelector('h1'); return h ? h.textContent.trim() : '';") or "")


def overlay_text(drv):
    return script(drv, f"var o = document.getElementById('{OVERLAY}'); return o ? o.textContent : null;")


def main(argv):
    if len(argv) < 5:
        print(__doc__)
        return 2
    url, path, old, new = argv[1:5]
    rounds = int(argv[argv.index("--rounds") + 1]) if "--rounds" in argv else 5
    with open(path, encoding="utf-8") as fh:
        original = fh.read()
    if old not in original:
        print(f"live-reload: {old!r} is not in {path}")
        return 2
    relative = path.split("/Content/", 1)[-1]
    drv = make_driver()
    failures = 0
    try:
        drv.get(url)
        print(f"opened {url}: <h1> = {h1(drv)!r}")
        times = []
        for turn in range(rounds):
            want = new if turn % 2 == 0 else old
            script(drv, "window.__notReloaded = true;")
            t0 = time.time()
            write(path, original.replace(old, want) if want == new else original)
            try:
                WebDriverWait(drv, 10, poll_frequency=0.01).until(lambda d: h1(d) == want)
            except TimeoutException:
                print(f"save {turn + 1}: the page did not show {want!r} within 10 s")
                failures += 1
                break
            times.append(time.time() - t0)
            if script(drv, "return window.__notReloaded === true;"):
                print(f"save {turn + 1}: the title changed but the page was not reloaded")
                failures += 1
        if times:
            print("save-to-reload: " + ", ".join(f"{t * 1000:.0f} ms" for t in times)
                  + f"; median {statistics.median(times) * 1000:.0f} ms")
        broken = original.replace("title:", "title: [unclosed\nbroken:", 1)
        write(path, broken)
        try:
            WebDriverWait(drv, 10, poll_frequency=0.02).until(lambda d: (overlay_text(d) or "").find(relative + ":") >= 0)
            text = overlay_text(drv)
            print("overlay shown: " + text.strip().splitlines()[-1][-160:])
            if f"Content/{relative}:" not in text:
                print("overlay: the path is missing")
                failures += 1
        except TimeoutException:
            print(f"overlay: not shown within 10 s (saw {overlay_text(drv)!r})")
            failures += 1
        write(path, original)
        try:
            WebDriverWait(drv, 10, poll_frequency=0.02).until(lambda d: overlay_text(d) is None and h1(d) == old)
            print("overlay cleared by the next good save")
        except TimeoutException:
            print("overlay: still shown 10 s after the fix")
            failures += 1
    finally:
        drv.quit()
        write(path, original)
    print("live-reload: " + ("OK" if failures == 0 else f"{failures} problem(s)"))
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
"""Screenshots of the default theme for the README, in headless Chromium (the validation
kit's driver):

    shoot.py OUTPUT_DIR SHOTS_DIR PAGE...

serves OUTPUT_DIR (a built site whose base_url path is /) on a free local port and saves,
for each PAGE (a path such as / or /releases/2015/some-release/, named by its last
segment, "index" for /), four PNGs in SHOTS_DIR: <name>-<light|dark>-<desktop|phone>.png,
desktop at 1280×900 and phone at 390×844 (a mobile viewport), each the first screen of
the page as a reader sees it. Needs VALIDATE_KIT (the kit folder).
"""
import contextlib
import functools
import http.server
import os
import sys
import threading

sys.path.insert(0, os.path.join(os.environ.get("VALIDATE_KIT", "../shared/validate"), "tools"))
from browser_check import make_driver  # noqa: E402

SIZES = {"desktop": (1280, 900, False), "phone": (390, 844, True)}
SCHEMES = ("light", "dark")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(root):
    handler = functools.partial(QuietHandler, directory=root)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def name_of(page):
    parts = [p for p in page.split("/") if p]
    return parts[-1] if parts else "index"


@contextlib.contextmanager
def browser_on(root):
    """Serves root on a free local port and yields (its base URL, a headless Chromium driver)."""
    server = serve(root)
    drv = make_driver()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", drv
    finally:
        drv.quit()
        server.shutdown()


def main(argv):
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    root, shots, pages = argv[1], argv[2], argv[3:]
    os.makedirs(shots, exist_ok=True)
    with browser_on(root) as (base, drv):
        for page in pages:
            for size, (width, height, mobile) in SIZES.items():
                drv.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                    "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
                for scheme in SCHEMES:
                    drv.execute_cdp_cmd("Emulation.setEmulatedMedia", {
                        "features": [{"name": "prefers-color-scheme", "value": scheme}]})
                    drv.get(base + page)
                    drv.execute_script("return document.fonts ? document.fonts.ready : null")
                    path = os.path.join(shots, f"{name_of(page)}-{scheme}-{size}.png")
                    with open(path, "wb") as fh:
                        fh.write(drv.get_screenshot_as_png())
                    print(f"shoot: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

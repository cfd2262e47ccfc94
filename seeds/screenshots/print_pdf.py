#!/usr/bin/env python3
"""Prints pages of a built site to PDF in headless Chromium, as a reader's browser would
(print media, the page's own @page rules, US Letter unless the page says otherwise):

    print_pdf.py OUTPUT_DIR PDF_DIR PAGE...

serves OUTPUT_DIR (base_url path /) on a free local port and writes PDF_DIR/<name>.pdf for
each PAGE (a site path; named by its last segment, "index" for /). Needs VALIDATE_KIT.
"""
import base64
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from shoot import browser_on, name_of  # noqa: E402


def main(argv):
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    root, out, pages = argv[1], argv[2], argv[3:]
    os.makedirs(out, exist_ok=True)
    with browser_on(root) as (base, drv):
        for page in pages:
            drv.get(base + page)
            pdf = drv.execute_cdp_cmd("Page.printToPDF", {
                "paperWidth": 8.5, "paperHeight": 11, "preferCSSPageSize": True, "printBackground": False})
            path = os.path.join(out, name_of(page) + ".pdf")
            with open(path, "wb") as fh:
                fh.write(base64.b64decode(pdf["data"]))
            print(f"print: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

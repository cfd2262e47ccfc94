#!/usr/bin/env python3
"""The search page in a real browser (headless Chromium through Selenium, from the validation
kit), on a built site served under its base path:

    search_check.py OUTPUT BASE_PATH

serves OUTPUT at http://127.0.0.1:<port>BASE_PATH (BASE_PATH such as /news/) and, on the
feeds fixture (seeds/fixtures/feeds/site built at 2026-03-15, one release embargoed), checks:
  1. the home page loads no index; its header box submits the query to BASE_PATH search/?q=…;
  2. the search page reads BASE_PATH search.json only when the field gets focus or a query;
  3. results: every query word must match (AND), case and accents are ignored, title matches
     come first and then the newest, links and dates are right, the live region says the count,
     an embargoed release is never found, hostile titles show as text;
  4. the keyboard: ArrowDown from the field to the first result and on, ArrowUp back to the
     field, Tab through the results, Escape clears the field and the results;
  5. the page's console has no errors, and the no-JavaScript message is hidden.
Prints one line per check, exits 0 when all passed, 1 otherwise, 2 on a harness error.
Needs VALIDATE_KIT (the kit folder, for tools/browser_check.py's driver).
"""
import functools
import http.server
import os
import shutil
import sys
import tempfile
import threading
import urllib.parse

sys.path.insert(0, os.path.join(os.environ.get("VALIDATE_KIT", "../shared/validate"), "tools"))
from browser_check import make_driver  # noqa: E402
from selenium.common.exceptions import TimeoutException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

FAILURES = []


def check(name, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else f": {detail}"))
    if not ok:
        FAILURES.append(name)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(root):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=root))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def fetched(drv):
    """Paths of the resources the page has fetched (script, index)."""
    return [urllib.parse.urlparse(u).path for u in drv.execute_script(
        "return performance.getEntriesByType('resource').map(function (e) { return e.name; });")]


def results(drv):
    return drv.execute_script("""
        return Array.prototype.map.call(document.querySelectorAll('[data-search-results] li'), function (li) {
          var a = li.querySelector('a'), t = li.querySelector('time');
          return [a.textContent, a.getAttribute('href'), t.getAttribute('datetime'), t.textContent];
        });""")


def status(drv):
    return drv.find_element(By.CSS_SELECTOR, "[data-search-status]").text


def search(drv, field, query, settle):
    field.clear()
    field.send_keys(query)
    WebDriverWait(drv, 5, poll_frequency=0.02).until(settle)


def main(argv):
    if len(argv) != 3:
        print(__doc__)
        return 2
    output, base = argv[1], argv[2]
    if not (base.startswith("/") and base.endswith("/")):
        print("search-check: BASE_PATH must start and end with /")
        return 2
    root = tempfile.mkdtemp(prefix="newsroom-search-check-")
    shutil.copytree(output, root + base.rstrip("/") if base != "/" else root, dirs_exist_ok=True)
    server = serve(root)
    site = f"http://127.0.0.1:{server.server_address[1]}{base}"
    drv = make_driver()
    try:
        drv.get(site)
        check("the home page fetches no index", base + "search.json" not in fetched(drv), fetched(drv))
        box = drv.find_element(By.ID, "site_search_query")
        box.send_keys("Harbor", Keys.ENTER)
        WebDriverWait(drv, 10).until(lambda d: "/search/" in d.current_url)
        check("the header box submits to the search page under the base path",
              drv.current_url == site + "search/?q=Harbor", drv.current_url)
        WebDriverWait(drv, 5).until(lambda d: results(d))
        found = results(drv)
        check("title matches first, then newest first",
              [r[1] for r in found] == [base + "releases/2026/restoration/", base + "releases/2026/safety-week/",
                                        base + "releases/2025/annual-report/"], found)
        check("a hostile title shows as text",
              found and found[0][0] == "Q&A: “Harbor” <Light> & the ‘keepers’ ]]> restore Point Aster", found[:1])
        check("dates: machine and reader forms", found and found[0][2:] == ["2026-03-10", "March 10, 2026"], found[:1])
        live = drv.find_element(By.CSS_SELECTOR, "[data-search-status]")
        check("the live region is polite and says the count",
              live.get_attribute("aria-live") == "polite" and status(drv) == "3 releases match “Harbor”.", status(drv))
        check("the no-JavaScript message is hidden",
              not drv.find_element(By.CSS_SELECTOR, "[data-search-fallback]").is_displayed())

        drv.get(site + "search/")
        check("the search page fetches no index before it is needed", base + "search.json" not in fetched(drv), fetched(drv))
        field = drv.find_element(By.ID, "search_query")
        field.click()
        WebDriverWait(drv, 5).until(lambda d: base + "search.json" in fetched(d))
        check("focus fetches the index from the base path", True)

        search(drv, field, "FOUNDATION", lambda d: "match" in status(d))
        found = results(drv)
        check("case is ignored; a title match beats newer body matches",
              [r[1] for r in found][:1] == [base + "releases/2025/annual-report/"] and len(found) == 3, found)
        search(drv, field, "point ÁSTER", lambda d: status(d) == "1 release matches “point ÁSTER”.")
        check("accents are ignored", [r[1] for r in results(drv)] == [base + "releases/2026/restoration/"], results(drv))
        search(drv, field, "foundation zzzq", lambda d: status(d) == "No releases match “foundation zzzq”.")
        check("every word must match", results(drv) == [], results(drv))
        for held in ["Gull Rock", "station", "Expansion"]:
            search(drv, field, held, lambda d, q=held: q in status(d))
            check(f"the embargoed release is not found by '{held}'", results(drv) == [], results(drv))
        check("the address follows the query", drv.current_url == site + "search/?q=Expansion", drv.current_url)

        search(drv, field, "harbor", lambda d: status(d).startswith("3 releases"))
        active = lambda: drv.execute_script(
            "var e = document.activeElement; return e.id || e.getAttribute('href') || e.tagName;")
        field.send_keys(Keys.ARROW_DOWN)
        first = active()
        drv.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
        second = active()
        drv.switch_to.active_element.send_keys(Keys.ARROW_UP)
        back = active()
        drv.switch_to.active_element.send_keys(Keys.ARROW_UP)
        check("arrow keys move from the field through the results and back",
              [first, second, back, active()] == [base + "releases/2026/restoration/", base + "releases/2026/safety-week/",
                                                  base + "releases/2026/restoration/", "search_query"],
              [first, second, back, active()])
        field.send_keys(Keys.TAB)
        drv.switch_to.active_element.send_keys(Keys.TAB)
        check("Tab goes from the field past the button to the first result",
              active() == base + "releases/2026/restoration/", active())
        drv.switch_to.active_element.send_keys(Keys.ESCAPE)
        WebDriverWait(drv, 5).until(lambda d: results(d) == [])
        check("Escape clears the field and the results and returns to the field",
              field.get_attribute("value") == "" and status(drv) == "" and active() == "search_query",
              [field.get_attribute("value"), status(drv), active()])

        errors = [entry for entry in drv.get_log("browser") if entry.get("level") == "SEVERE"]
        check("no console errors", not errors, errors)
    except TimeoutException as error:
        check("the page answered in time", False, f"timed out: {error.msg or ''} at {drv.current_url}; status {status(drv)!r}")
    finally:
        drv.quit()
        server.shutdown()
        shutil.rmtree(root, ignore_errors=True)
    print("search-check: " + ("every check passed" if not FAILURES else f"{len(FAILURES)} failed: " + ", ".join(FAILURES)))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

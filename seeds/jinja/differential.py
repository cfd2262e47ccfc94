#!/usr/bin/env python3
"""The template engine against Jinja2, on the template fixture suite:

    differential.py FIXTURES DIFFERENCES

renders every case of FIXTURES (Tests/TemplatingTests/Fixtures: `main.html`, its other
templates and `context.json`) with Jinja2 (autoescape on, StrictUndefined, trailing newlines
kept) and compares with the case's expected result in newsroom's engine. A case agrees when
both give the same text, or both fail. Every case that does not must be listed in DIFFERENCES
(`name: reason`, one a line; `#` comments) — the README's "Templates for Jinja users" gives the
reasons — and every case listed must still differ. Prints a summary and each unexplained
difference; exits 0 when there is none, 1 otherwise.
"""
import json
import os
import sys

import jinja2


def jinja_result(folder):
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), autoescape=True,
                                     undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    context_path = os.path.join(folder, "context.json")
    context = json.load(open(context_path, encoding="utf-8")) if os.path.exists(context_path) else {}
    try:
        return environment.get_template("main.html").render(**context), None
    except Exception as error:  # any failure of Jinja's counts as failing
        return None, f"{type(error).__name__}: {error}"


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    fixtures, listed_path = argv[1], argv[2]
    listed = {}
    for line in open(listed_path, encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, reason = line.partition(":")
            listed[name.strip()] = reason.strip()
    agree = both_fail = 0
    unexplained, stale, explained = [], [], 0
    for name in sorted(os.listdir(fixtures)):
        folder = os.path.join(fixtures, name)
        if not os.path.isdir(folder) or name.startswith("."):
            continue
        output, error = jinja_result(folder)
        expected_path = os.path.join(folder, "expected.html")
        if os.path.exists(expected_path):
            same = output is not None and output == open(expected_path, encoding="utf-8").read()
            detail = f"Jinja gives {output!r}" if error is None else f"Jinja fails: {error}"
        else:
            same = error is not None
            detail = f"newsroom fails, Jinja gives {output!r}"
        if same:
            agree += 1 if os.path.exists(expected_path) else 0
            both_fail += 0 if os.path.exists(expected_path) else 1
            if name in listed:
                stale.append(name)
        elif name in listed:
            explained += 1
        else:
            unexplained.append(f"{name}: {detail[:160]}")
    total = agree + both_fail + explained + len(unexplained)
    print(f"jinja-check: {total} templates: {agree} render alike, {both_fail} fail in both, "
          f"{explained} differ as listed, {len(unexplained)} differ unexplained, {len(stale)} listed but alike")
    for line in unexplained:
        print(f"jinja-check: UNEXPLAINED {line}")
    for name in stale:
        print(f"jinja-check: STALE {name} is listed in {listed_path} but now agrees with Jinja")
    return 1 if unexplained or stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

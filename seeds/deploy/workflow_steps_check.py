#!/usr/bin/env python3
"""The shell steps of the CI files `newsroom init --ci both` writes, run here as the CI
services would run them, on the site `init` made (a release embargoed until a few seconds
after the first run is added):

    workflow_steps_check.py NEWSROOM SITE

NEWSROOM is the newsroom binary; SITE the folder `newsroom init --ci both` made. The steps that
call GitHub's actions (checkout, caches, Pages) are not run: the CI service does them; a folder
stands in for each cache. Checks, for .github/workflows/newsroom.yml (the build job's "Build
the site" step, the decide job's "compare" step, the deploy job's "Remember what was
published" step) and for .gitlab-ci.yml (the check job's and the pages job's scripts):
  1. a pull or merge request runs a --strict build (GitLab: and writes its Code Quality report);
  2. a push publishes;
  3. a scheduled run with nothing new publishes nothing (GitHub: deploy=false; GitLab: exit 3);
  4. a scheduled run after the embargo lifted publishes, and the release is in public/;
  5. the next scheduled run publishes nothing again.
Prints one line per check; exits 0 when all passed, 1 otherwise.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone

import yaml

EMBARGO_SECONDS = 8


class Check:
    def __init__(self, newsroom, site):
        self.newsroom, self.site, self.failed = newsroom, site, 0

    def expect(self, name, ok, detail=""):
        print(f"workflow-steps: {'PASS' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}")
        self.failed += 0 if ok else 1

    def bash(self, script, env):
        """Runs a step's script as the services do (bash -e), in the site, newsroom at hand."""
        script = script.replace("/opt/newsroom/newsroom", self.newsroom).replace(".newsroom-bin/newsroom", self.newsroom)
        return subprocess.run(["bash", "-e", "-c", script], cwd=self.site, env=dict(os.environ, **env),
                              capture_output=True, text=True)


def step(job, name):
    for item in job["steps"]:
        if item.get("name") == name or item.get("id") == name:
            return item["run"]
    raise SystemExit(f"workflow-steps: no step {name!r}")


def outputs(path):
    with open(path, encoding="utf-8") as fh:
        return dict(line.rstrip("\n").split("=", 1) for line in fh if "=" in line)


def github(check, work):
    with open(os.path.join(check.site, ".github/workflows/newsroom.yml"), encoding="utf-8") as fh:
        jobs = yaml.safe_load(fh)["jobs"]
    build, compare, remember = (step(jobs["build"], "Build the site"), step(jobs["decide"], "compare"),
                                step(jobs["deploy"], "Remember what was published"))
    cache = os.path.join(work, "github-cache")  # stands in for actions/cache: .newsroom-deployed

    def run(event):
        temp = tempfile.mkdtemp(dir=work)
        env = {"GITHUB_EVENT_NAME": event, "RUNNER_TEMP": temp, "GITHUB_OUTPUT": os.path.join(temp, "out"),
               "GITHUB_STEP_SUMMARY": os.path.join(temp, "summary"), "PAGES_URL": "https://example.github.io/newsroom"}
        result = check.bash(build, env)
        if result.returncode != 0 or event == "pull_request":
            return result.returncode, None
        manifest = outputs(env["GITHUB_OUTPUT"]).get("manifest", "")
        deployed = os.path.join(check.site, ".newsroom-deployed")
        shutil.rmtree(deployed, ignore_errors=True)
        if os.path.isdir(cache):
            shutil.copytree(cache, deployed)
        open(env["GITHUB_OUTPUT"], "w").close()
        decided = check.bash(compare, dict(env, MANIFEST=manifest))
        deploy = outputs(env["GITHUB_OUTPUT"]).get("deploy")
        if decided.returncode == 0 and deploy == "true":
            check.bash(remember, dict(env, MANIFEST=manifest))
            shutil.rmtree(cache, ignore_errors=True)
            shutil.copytree(deployed, cache)
        return decided.returncode, deploy

    check.expect("GitHub: a pull request runs a --strict build", run("pull_request")[0] == 0)
    check.expect("GitHub: a push publishes", run("push") == (0, "true"))
    check.expect("GitHub: a schedule with nothing new publishes nothing", run("schedule") == (0, "false"))
    return run


def gitlab(check, work):
    with open(os.path.join(check.site, ".gitlab-ci.yml"), encoding="utf-8") as fh:
        config = yaml.safe_load(fh)
    cache = os.path.join(work, "gitlab-cache")  # stands in for the newsroom-deployed cache

    def run(source):
        env = {"CI_PIPELINE_SOURCE": source, "CI_PAGES_URL": "https://example.gitlab.io/newsroom"}
        job = config["check"] if source == "merge_request_event" else config["pages"]
        deployed = os.path.join(check.site, ".newsroom-deployed")
        shutil.rmtree(deployed, ignore_errors=True)
        if os.path.isdir(cache):
            shutil.copytree(cache, deployed)
        result = check.bash("\n".join(job["script"]), env)
        if result.returncode == 0 and source != "merge_request_event":
            shutil.rmtree(cache, ignore_errors=True)
            shutil.copytree(deployed, cache)
        return result.returncode

    rc = run("merge_request_event")
    with open(os.path.join(check.site, "gl-code-quality-report.json"), encoding="utf-8") as fh:
        report = json.load(fh)
    check.expect("GitLab: a merge request runs a --strict build with a Code Quality report",
                 rc == 0 and report == [], f"exit {rc}, {len(report)} findings")
    check.expect("GitLab: a push publishes", run("push") == 0)
    check.expect("GitLab: a schedule with nothing new stops with exit code 3", run("schedule") == 3)
    return run


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    check = Check(os.path.abspath(argv[1]), os.path.abspath(argv[2]))
    due = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(seconds=EMBARGO_SECONDS)
    slug = "embargo-check"
    with open(os.path.join(check.site, "Content/releases", f"{due:%Y-%m-%d}-{slug}.md"), "w", encoding="utf-8") as fh:
        fh.write(f"---\ntitle: Embargo check\ndate: {due:%Y-%m-%d}\nembargo: {due:%Y-%m-%dT%H:%M:%SZ}\n"
                 f"summary: Published by the first scheduled run after its embargo.\n---\nThe news.\n")
    page = os.path.join(check.site, "public/releases", f"{due:%Y}", slug, "index.html")
    with tempfile.TemporaryDirectory(prefix="newsroom-workflow-") as work:
        github_run, gitlab_run = github(check, work), gitlab(check, work)
        check.expect("the embargoed release is held before its time", not os.path.exists(page))
        time.sleep(max(0.0, (due - datetime.now(timezone.utc)).total_seconds()) + 1.5)
        check.expect("GitHub: the first schedule after the embargo publishes", github_run("schedule") == (0, "true"))
        check.expect("the release is in public/ after its embargo", os.path.exists(page))
        check.expect("GitHub: the next schedule publishes nothing", github_run("schedule") == (0, "false"))
        check.expect("GitLab: the first schedule after the embargo publishes", gitlab_run("schedule") == 0)
        check.expect("GitLab: the next schedule stops with exit code 3", gitlab_run("schedule") == 3)
    return 1 if check.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

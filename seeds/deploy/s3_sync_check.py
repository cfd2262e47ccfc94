#!/usr/bin/env python3
"""The README's S3 recipe, tried as a new user would: `newsroom build` then
`aws s3 sync public/ s3://BUCKET/ --delete`, against a local S3 (moto's server), on a copy
of seeds/fixtures/basic:

    s3_sync_check.py NEWSROOM VENV_BIN

NEWSROOM is the newsroom binary; VENV_BIN a folder holding `aws` (PyPI awscli) and
`moto_server` (PyPI moto[server]). Checks that
  1. the first sync uploads every output file and the bucket then holds exactly public/;
  2. a sync after a rebuild with nothing changed uploads nothing;
  3. after a one-release edit, the sync uploads exactly the files whose bytes changed;
  4. after a release is taken back (made a draft), the sync deletes its files and uploads
     exactly the changed ones.
Prints one line per step; exits 0 when all passed, 1 otherwise.
"""
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

NOW = "2026-03-15T00:00:00Z"
EDITED = "Content/releases/2024/2024-01-15-alpha-launch.md"
TAKEN_BACK = "Content/releases/2024/2024-06-01-beta-results.md"
BUCKET = "s3://newsroom-check"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree(root):
    """Output path -> SHA-256, for every file under root."""
    out = {}
    for folder, _, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            with open(path, "rb") as fh:
                out[os.path.relpath(path, root)] = hashlib.sha256(fh.read()).hexdigest()
    return out


class Check:
    def __init__(self, newsroom, venv_bin, work):
        self.newsroom, self.venv_bin, self.work = newsroom, venv_bin, work
        self.site, self.public = os.path.join(work, "site"), os.path.join(work, "public")
        self.failed = 0

    def build(self):
        subprocess.run([self.newsroom, "build", "--site", self.site, "--output", self.public,
                        "--now", NOW, "--quiet"], check=True)
        time.sleep(1.1)  # S3 keeps whole seconds: let the next upload be later than any file

    def aws(self, *args):
        result = subprocess.run([os.path.join(self.venv_bin, "aws"), "--endpoint-url", self.endpoint, *args],
                                check=True, capture_output=True, text=True, env=self.env)
        return result.stdout

    def sync(self):
        """The recipe's command; returns the uploaded and deleted paths, relative to public/."""
        uploaded, deleted = set(), set()
        for line in self.aws("s3", "sync", self.public + "/", BUCKET + "/", "--delete", "--no-progress").splitlines():
            verb, _, rest = line.partition(": ")
            if verb == "upload":
                uploaded.add(os.path.relpath(rest.split(" to ")[0], self.public))
            elif verb == "delete":
                deleted.add(rest[len(BUCKET) + 1:])
        return uploaded, deleted

    def bucket(self):
        keys = set()
        for line in self.aws("s3", "ls", BUCKET + "/", "--recursive").splitlines():
            keys.add(line.split(None, 3)[3])
        return keys

    def expect(self, step, ok, detail):
        print(f"s3-check: {'PASS' if ok else 'FAIL'} {step}: {detail}")
        self.failed += 0 if ok else 1

    def run(self):
        shutil.copytree(os.path.join(os.path.dirname(__file__), "..", "fixtures", "basic"), self.site)
        port = free_port()
        self.endpoint = f"http://127.0.0.1:{port}"
        self.env = dict(os.environ, AWS_ACCESS_KEY_ID="check", AWS_SECRET_ACCESS_KEY="check",
                        AWS_DEFAULT_REGION="us-east-1", AWS_CONFIG_FILE=os.devnull,
                        AWS_SHARED_CREDENTIALS_FILE=os.devnull)
        server = subprocess.Popen([os.path.join(self.venv_bin, "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(self.endpoint, timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            self.aws("s3", "mb", BUCKET)

            self.build()
            first = tree(self.public)
            uploaded, deleted = self.sync()
            self.expect("first sync", uploaded == set(first) and not deleted and self.bucket() == set(first),
                        f"{len(uploaded)} uploaded of {len(first)} files; bucket holds public/ exactly")

            self.build()
            uploaded, deleted = self.sync()
            self.expect("no-change rebuild", not uploaded and not deleted,
                        f"{len(uploaded)} uploaded, {len(deleted)} deleted")

            with open(os.path.join(self.site, EDITED), "a", encoding="utf-8") as fh:
                fh.write("\nA closing paragraph added later.\n")
            self.build()
            second = tree(self.public)
            changed = {p for p in second if first.get(p) != second[p]}
            uploaded, deleted = self.sync()
            self.expect("one-release edit", uploaded == changed and not deleted and len(changed) < len(second),
                        f"{len(uploaded)} uploaded ({', '.join(sorted(uploaded))}); {len(changed)} changed of {len(second)}")

            path = os.path.join(self.site, TAKEN_BACK)
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text.replace("---\n", "---\ndraft: true\n", 1))
            self.build()
            third = tree(self.public)
            changed = {p for p in third if second.get(p) != third[p]}
            gone = set(second) - set(third)
            uploaded, deleted = self.sync()
            self.expect("release taken back", uploaded == changed and deleted == gone and gone
                        and self.bucket() == set(third),
                        f"{len(uploaded)} uploaded, {len(deleted)} deleted ({', '.join(sorted(deleted))})")
        finally:
            server.terminate()
            server.wait()
        return 1 if self.failed else 0


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="newsroom-s3-") as work:
        return Check(os.path.abspath(argv[1]), os.path.abspath(argv[2]), work).run()


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
"""The README and every guide in Documentation/, as a newcomer meets them:

1. every link to a file of the repository resolves, and every #anchor names a heading there;
2. every `ytxa` command shown in a shell block (```sh, or ``` with no language) runs as written,
   from a scratch folder holding the repository's Samples/ and Criteria/, with the exit code the
   guide leads one to expect: 0 or 1 (1: some commune fails), or the code a `# exit N` comment
   on the line names. `swift run ytxa` is the built binary given on the command line; a guide's
   commands run in order in one folder (a batch, then verify on its output).

Usage, from the repository root: python3 .ci/check_docs.py .build/debug/ytxa
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def documents():
    yield os.path.join(ROOT, "README.md")
    folder = os.path.join(ROOT, "Documentation")
    for name in sorted(os.listdir(folder)):
        if name.endswith(".md"):
            yield os.path.join(folder, name)


def slug(heading):
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def blocks(text):
    """(language, lines) of each fenced block, and the text outside them."""
    inside, language, lines, outside = False, "", [], []
    found = []
    for line in text.split("\n"):
        if line.startswith("```"):
            if inside:
                found.append((language, lines))
                inside, lines = False, []
            else:
                inside, language = True, line[3:].strip()
            continue
        (lines if inside else outside).append(line)
    return found, outside


def anchors(path):
    _, outside = blocks(open(path, encoding="utf-8").read())
    return {slug(m.group(2)) for m in (re.match(r"^(#{1,6}) (.*)", l) for l in outside) if m}


def check_links():
    problems, count = [], 0
    for path in documents():
        _, outside = blocks(open(path, encoding="utf-8").read())
        for number, line in enumerate(outside, 1):
            for target in LINK.findall(re.sub(r"`[^`]*`", "", line)):
                if re.match(r"^[a-z]+:", target):
                    continue
                count += 1
                file, _, anchor = target.partition("#")
                resolved = os.path.normpath(os.path.join(os.path.dirname(path), file)) if file \
                    else path
                where = os.path.relpath(path, ROOT)
                if not resolved.startswith(ROOT) or not os.path.exists(resolved):
                    problems.append(f"{where}: link to {target}: no such file")
                elif anchor and resolved.endswith(".md") and anchor not in anchors(resolved):
                    problems.append(f"{where}: link to {target}: no such heading")
    return problems, count


def commands(path):
    found, _ = blocks(open(path, encoding="utf-8").read())
    for language, lines in found:
        if language not in ("", "sh", "bash", "console"):
            continue
        for line in lines:
            line = line.strip()
            if line.startswith("$ "):
                line = line[2:]
            if line.startswith("swift run ytxa ") or line.startswith("ytxa "):
                yield line


def check_commands(binary):
    problems, count = [], 0
    for path in documents():
        lines = list(commands(path))
        if not lines:
            continue
        work = tempfile.mkdtemp(prefix="ytxa-docs-")
        try:
            for name in ("Samples", "Criteria"):
                shutil.copytree(os.path.join(ROOT, name), os.path.join(work, name))
            for line in lines:
                expected = {0, 1}
                comment = re.search(r"\s#\s*(.*)$", line)
                if comment:
                    wanted = re.match(r"exit (\d)", comment.group(1))
                    if wanted:
                        expected = {int(wanted.group(1))}
                    line = line[:comment.start()]
                shell = re.sub(r"^(swift run )?ytxa ", binary + " ", line)
                run = subprocess.run(["bash", "-c", shell], cwd=work, capture_output=True,
                                     timeout=600, stdin=subprocess.DEVNULL)
                count += 1
                if run.returncode not in expected:
                    err = run.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
                    problems.append(f"{os.path.relpath(path, ROOT)}: `{line.strip()}` exited "
                                    f"{run.returncode}, expected {sorted(expected)}: "
                                    + " / ".join(err))
        finally:
            shutil.rmtree(work)
    return problems, count


def main():
    binary = os.path.abspath(sys.argv[1])
    link_problems, links = check_links()
    command_problems, runs = check_commands(binary)
    for problem in link_problems + command_problems:
        print(problem, file=sys.stderr)
    if link_problems or command_problems:
        sys.exit(1)
    print(f"documentation: {links} links resolve; {runs} commands ran as written")


if __name__ == "__main__":
    main()

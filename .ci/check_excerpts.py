#!/usr/bin/env python3
"""Every output shown in the README and the guides is what the tool prints (issue 26).

A fenced block that shows output is preceded by a marker naming the command that prints it:

    <!-- output: ytxa check Samples/bac-giang/2025/07645.json -->
    ```text
    KẾT LUẬN: CHƯA ĐẠT chuẩn quốc gia về y tế xã
    …
    ```

The command runs with bash in a scratch folder holding copies of Samples/ and Criteria/ (`ytxa`
is the binary given); its stdout, then its stderr, is the output. Each line of the block must be
a whole line of the output, in order (lines may be left out between them: an excerpt is cut, and
says so with `…`). Inside a line, `…` stands for any text (a time, a cut tail). A `$ ytxa …` line
in a block is the command as typed, not output, and is skipped.

A ```text block that shows no output (a diagram, a listing, a command to type) is marked
`<!-- not output -->`; an unmarked ```text block is an error, so that no excerpt escapes the
check.

Usage: python3 .ci/check_excerpts.py PATH/TO/ytxa [--update]

--update rewrites each failing excerpt from the real output, keeping its cuts (each run of lines
between `…` lines is taken from the output where its first line best matches); read the diff.
"""
import difflib
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MARKER = re.compile(r"^\s*<!--\s*(output:\s*(?P<command>.*?)|not output[^>]*?)\s*-->\s*$")
FENCE = re.compile(r"^(?P<indent>\s*)```(?P<info>\S*)\s*$")


def blocks(path):
    """(line number, marker command or None or 'not', info, lines) of each fenced block."""
    lines = open(path, encoding="utf-8").read().split("\n")
    found = []
    index = 0
    while index < len(lines):
        fence = FENCE.match(lines[index])
        if not fence or not fence.group("info") and index > 0 and found and found[-1][4] == index:
            index += 1
            continue
        indent, info = fence.group("indent"), fence.group("info")
        start = index
        index += 1
        body = []
        while index < len(lines) and lines[index].strip() != "```":
            body.append(lines[index][len(indent):] if lines[index].startswith(indent) else
                        lines[index].strip())
            index += 1
        end = index
        index += 1
        marker = None
        back = start - 1
        while back >= 0 and not lines[back].strip():
            back -= 1
        if back >= 0:
            match = MARKER.match(lines[back])
            if match:
                marker = match.group("command") if match.group("command") is not None else "not"
        found.append((start + 1, marker, info, body, end))
    return found


def matches(expected, line):
    pattern = ".*".join(re.escape(piece) for piece in expected.split("…"))
    return re.fullmatch(pattern, line) is not None


def realign(body, output):
    """The excerpt's lines taken from the output, run by run (runs split by `…` lines)."""
    runs, run = [], []
    for line in body:
        if line.strip() == "…":
            runs.append(run)
            runs.append(None)
            run = []
        else:
            run.append(line)
    runs.append(run)
    result, position = [], 0
    for run in runs:
        if run is None:
            result.append("…")
            continue
        if not run:
            continue
        best = max(range(position, len(output)), default=position,
                   key=lambda i: difflib.SequenceMatcher(None, run[0], output[i]).ratio())
        taken = output[best:best + len(run)]
        result += taken
        position = best + len(taken)
    return result


def check(path, binary, problems, update=False):
    count = 0
    rewrites = []
    for number, marker, info, body, _ in blocks(path):
        where = f"{os.path.relpath(path, ROOT)}:{number}"
        if marker is None:
            if info == "text":
                problems.append(f"{where}: a ```text block without <!-- output: COMMAND --> "
                                "or <!-- not output -->")
            continue
        if marker == "not":
            continue
        work = tempfile.mkdtemp(prefix="ytxa-excerpt-")
        try:
            for name in ("Samples", "Criteria"):
                shutil.copytree(os.path.join(ROOT, name), os.path.join(work, name))
            shell = re.sub(r"(^|[;&|(]\s*)(swift run )?ytxa ", lambda m: m.group(1) + binary + " ",
                           marker)
            run = subprocess.run(["bash", "-c", shell], cwd=work, capture_output=True,
                                 timeout=300)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        output = (run.stdout.decode("utf-8", "replace")
                  + run.stderr.decode("utf-8", "replace")).split("\n")
        output = [line.rstrip().replace("\u00a0", " ") for line in output]
        position = 0
        failed = False
        for expected in body:
            expected = expected.rstrip()
            if not expected or expected == "…" or expected.startswith("$ ytxa "):
                continue
            while position < len(output) and not matches(expected, output[position]):
                position += 1
            if position == len(output):
                problems.append(f"{where}: `{marker}` does not print (in this order):\n"
                                f"    {expected}")
                failed = True
                break
            position += 1
        if failed and update:
            rewrites.append((number, body, realign(body, output)))
        count += 1
    if rewrites:
        lines = open(path, encoding="utf-8").read().split("\n")
        for number, body, new in reversed(rewrites):
            indent = re.match(r"\s*", lines[number - 1]).group(0)
            lines[number:number + len(body)] = [(indent + line).rstrip() for line in new]
        open(path, "w", encoding="utf-8").write("\n".join(lines))
    return count


def main(binary, update=False):
    binary = os.path.abspath(binary)
    problems = []
    files = [os.path.join(ROOT, "README.md")] + sorted(
        glob.glob(os.path.join(ROOT, "Documentation", "*.md")))
    count = sum(check(path, binary, problems, update) for path in files)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"excerpts: {count} output excerpts match what the tool prints")


if __name__ == "__main__":
    main(sys.argv[1], "--update" in sys.argv[2:])

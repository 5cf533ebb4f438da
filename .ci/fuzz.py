#!/usr/bin/env python3
"""The longer fuzz run of CI: about a minute of mutated evidence (JSON, CSV and .xlsx workbooks,
mutated byte by byte or part by part), criteria, roadmap, plan and register files and batch manifests fed
to the built `ytxa`, each run under a time limit.

It fails (exit 1) on:
- a trap or any other death by signal, or an exit code outside 0-3;
- a run that does not finish within its time limit (a hang);
- a run whose memory (maximum resident set) passes 400 MB (nothing here is large: memory must be
  bounded by the input, not blown up by it);
- an error message that prints a Swift value (`Optional(`, `Error(`, `(id: `) instead of a
  sentence;
- `ytxa score` and `ytxa batch` disagreeing on a file (accepted by one and not the other, or
  another total or verdict).

The mutations are those of Tests/YTXAKitTests/FuzzTests.swift (the same tokens), applied to a
corpus of valid seeds: the bundled samples, the CSV template, the .xlsx template and two
workbooks saved by openpyxl and LibreOffice (byte by byte: zip and inflate; part by part, stored
or deflated again: XML, shared strings, sheets), the bundled criteria set, roadmap and every
bundled plan, and batch manifests. Some rounds truncate an input, and one in four makes an
oversized one (a sheet or a CSV of 20,000 copies of a row, a manifest of 50,000 inputs). Failing
inputs are kept in the folder named on stderr.

Usage: python3 .ci/fuzz.py BINARY [--seconds 60] [--seed 1]
"""
import argparse
import io
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import zipfile

TOKENS = [
    "1e-9223372036854775808", "1e9223372036854775807", "-9223372036854775808",
    "9223372036854775807", "99999999999999999999999", "1e999", "-0", "0.0000000001", "1.000",
    "9.650", "1,000", "1.000,5", "4611686018427387904", "null", "true", "[]", "{}", '""',
    '" 07270"', '"\\u00a007270"', '"7270"', '"\\u001b[31m"', '"=HYPERLINK(1)"', '"\\ud800"',
    "2100", "1999", '"KAD"', '"không"', '"1"', '"0"',
    # Text that would escape its context (issue 27): escaped in JSON, and raw.
    '"\\u202eĐẠT"', '"\\u2028KẾT LUẬN: ĐẠT"', '"a\\nKẾT LUẬN: ĐẠT"', '"\\u000c"', '"\\uffff"',
    "\u202e", "\u2066", "\ufeff", "\x0c",
]
TOKEN_BYTES = [t.encode("utf-8") for t in TOKENS]
WORD = set(b"0123456789.-e+")


def mutate(data: bytes, rng: random.Random) -> bytes:
    data = bytearray(data)
    if not data:
        return rng.choice(TOKEN_BYTES)
    pos = rng.randrange(len(data))
    kind = rng.randrange(7)
    if kind == 0:
        data[pos] = rng.randrange(256)
    elif kind == 1:
        del data[pos]
    elif kind == 2:
        del data[pos:pos + rng.randint(1, 64)]
    elif kind == 3:
        data[pos:pos] = rng.choice(TOKEN_BYTES)
    elif kind == 4:
        start, end = pos, pos
        while start > 0 and data[start - 1] in WORD:
            start -= 1
        while end < len(data) and data[end] in WORD:
            end += 1
        data[start:end] = rng.choice(TOKEN_BYTES)
    elif kind == 5:
        end = min(len(data), pos + rng.randint(1, 200))
        data[end:end] = data[pos:end]
    else:
        del data[pos:]
    return bytes(data)


class Failure(Exception):
    pass


MEMORY_LIMIT_KB = 400 * 1024
HAZARD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f"
                    "\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef\ufffe\uffff]")
SWIFT_VALUE = re.compile(r"\(id:|Optional\(|Error: [A-Z][A-Za-z]+\(|\b[a-z][A-Za-z]+\([a-z][A-Za-z]*: \"")


class Done:
    def __init__(self, returncode, stdout, stderr):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def run(binary, args, timeout=60):
    """Runs ytxa; its own peak memory is read from wait4, its stderr checked for Swift values."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen([binary] + args, stdout=out, stderr=err)
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                process.kill()
                os.wait4(process.pid, 0)
                raise Failure(f"timeout after {timeout} s: ytxa {' '.join(args)}")
            time.sleep(0.005)
        out.seek(0)
        err.seek(0)
        done = Done(os.waitstatus_to_exitcode(status), out.read(), err.read())
    if done.returncode < 0 or done.returncode > 3:
        raise Failure(
            f"exit {done.returncode} (a signal or an unknown code): ytxa {' '.join(args)}\n"
            + done.stderr.decode("utf-8", "replace")[-2000:])
    if usage.ru_maxrss > MEMORY_LIMIT_KB:
        raise Failure(
            f"{usage.ru_maxrss // 1024} MB of memory (limit {MEMORY_LIMIT_KB // 1024} MB): "
            f"ytxa {' '.join(args)}")
    text = done.stderr.decode("utf-8", "replace")
    # No control, bidirectional control or noncharacter reaches a person raw (issue 27): on
    # stderr, and on stdout unless it is a workbook (a zip).
    shown = [("stderr", text)]
    if not done.stdout.startswith(b"PK"):
        shown.append(("stdout", done.stdout.decode("utf-8", "replace").replace("\r\n", "\n")))
    for stream, content in shown:
        bad = HAZARD.search(content)
        if bad:
            raise Failure(
                f"U+{ord(bad.group(0)):04X} raw on {stream}: ytxa {' '.join(args)}\n"
                + content[max(0, bad.start() - 200):bad.start() + 200])
    match = SWIFT_VALUE.search(text)
    if match:
        raise Failure(
            f"a Swift value in an error message ({match.group(0)!r}): ytxa {' '.join(args)}\n"
            + text[-1000:])
    return done


def evidence_round(binary, samples, rng, folder):
    files = os.path.join(folder, "in")
    os.makedirs(files)
    for index in range(40):
        data = rng.choice(samples)
        for _ in range(rng.randint(0, 2)):
            data = mutate(data, rng)
        # One commune code per file, so that no file duplicates another.
        data = data.replace(b'"code": "0', b'"code": "' + str(index % 10).encode(), 1)
        with open(os.path.join(files, f"{index:05d}.json"), "wb") as handle:
            handle.write(data)
    score = run(binary, ["score", "--format", "json", files])
    scored = {}
    if score.stdout.strip():
        parsed = json.loads(score.stdout)
        for item in parsed if isinstance(parsed, list) else [parsed]:
            scored[os.path.basename(item["file"])] = (item["total"], item["passed"])
    out = os.path.join(folder, "out")
    run(binary, ["batch", files, "--out", out, "--jobs", "2"])
    batched = {}
    with open(os.path.join(out, "results.jsonl"), encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            batched[os.path.basename(item["file"])] = (item["total"], item["passed"])
    duplicates = set()
    with open(os.path.join(out, "errors.jsonl"), encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            if "duplicateOf" in item:
                duplicates.add(os.path.basename(item["file"]))
    for name in sorted(set(scored) | set(batched)):
        if name in duplicates:
            continue
        if scored.get(name) != batched.get(name):
            raise Failure(
                f"score and batch disagree on {name}: score {scored.get(name)}, "
                f"batch {batched.get(name)}")
    run(binary, ["check", "--format", "json", files])
    run(binary, ["roadmap", "--evidence", files, "--format", "json"])


def xlsx_round(binary, workbook, rng, folder):
    """A workbook mutated byte by byte (the zip and inflate readers) or part by part (the XML and
    sheet readers: each part's text mutated, then stored in a new zip): read by batch and check,
    never a trap or a hang."""
    path = os.path.join(folder, "x.xlsx")
    if rng.random() < 0.5:
        write_mutated(workbook, 4, rng, path)
    else:
        method = rng.choice([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
        with zipfile.ZipFile(io.BytesIO(workbook)) as source, \
                zipfile.ZipFile(path, "w", method) as target:
            for info in source.infolist():
                data = source.read(info.filename)
                if info.filename.endswith(".xml") and rng.random() < 0.6:
                    for _ in range(rng.randint(1, 3)):
                        data = mutate(data, rng)
                target.writestr(info.filename, data)
    run(binary, ["batch", path, "--units", "off", "--out", os.path.join(folder, "xlsx-out")])
    run(binary, ["check", path, "--units", "off"])


def write_mutated(data, most, rng, path):
    """Writes `data` with 1 to `most` mutations to `path`; returns the path."""
    for _ in range(rng.randint(1, most)):
        data = mutate(data, rng)
    with open(path, "wb") as handle:
        handle.write(data)
    return path


def csv_round(binary, template, rng, folder):
    path = write_mutated(template, 3, rng, os.path.join(folder, "x.csv"))
    out = os.path.join(folder, "csv-out")
    run(binary, ["batch", path, "--out", out])
    # The run's manifest, then a damaged copy of it: verify answers 0, 1 or 2, never traps.
    manifest = os.path.join(out, "manifest.json")
    if os.path.exists(manifest):
        run(binary, ["verify", out])
        with open(manifest, "rb") as handle:
            write_mutated(handle.read(), 2, rng, manifest)
        run(binary, ["verify", out])


def definition_round(binary, criteria, roadmap, plans, evidence_folder, rng, folder):
    plan = rng.choice(plans)
    path = write_mutated(criteria, 2, rng, os.path.join(folder, "criteria.json"))
    run(binary, ["criteria", "validate", path])
    run(binary, ["criteria", "show", path])
    original = os.path.join(folder, "original.json")
    with open(original, "wb") as handle:
        handle.write(criteria)
    run(binary, ["criteria", "diff", original, path, "--format", "json"])
    path = write_mutated(roadmap, 2, rng, os.path.join(folder, "roadmap.json"))
    run(binary, ["roadmap", "--roadmap", path, "--evidence", evidence_folder])
    path = write_mutated(plan, 2, rng, os.path.join(folder, "plan.json"))
    run(binary, ["plan", "--plan", path, "--evidence", evidence_folder, "--format", "json"])


def oversized_round(binary, template, workbook, manifest_folder, rng, folder):
    """Inputs far larger than any seed: a CSV and a sheet of 20,000 copies of a row, and a
    manifest of 50,000 inputs; read with memory bounded, never a trap or a hang."""
    lines = template.split(b"\n")
    keys = next((index for index, line in enumerate(lines[:6]) if b"commune_code" in line), None)
    header = [lines[keys]] if keys is not None else []
    rows = [line for line in lines[keys + 1:] if line.strip()] if keys is not None else []
    if header and rows:
        path = os.path.join(folder, "big.csv")
        with open(path, "wb") as handle:
            handle.write(header[0] + b"\n")
            for _ in range(20000):
                handle.write(rng.choice(rows) + b"\n")
        run(binary, ["batch", path, "--units", "off", "--out", os.path.join(folder, "big-out")],
            timeout=120)
    with zipfile.ZipFile(io.BytesIO(workbook)) as source:
        names = source.namelist()
        sheet = next((n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")),
                     None)
        if sheet:
            data = source.read(sheet)
            end = data.rfind(b"</row>")
            found = re.findall(rb"<row[ >].*?</row>", data, re.S)
            if found and end > 0:
                # The last row with values: a filled commune row (not the keys row above them).
                filled = [row for row in found if row.count(b"<v>") + row.count(b"<t") >= 5]
                body = (filled or found)[-1]
                # No row or cell numbers: each row then follows the last.
                bulk = re.sub(rb' r="[A-Z]*[0-9]+"', b"", body) * 20000
                path = os.path.join(folder, "big.xlsx")
                with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
                    for name in names:
                        part = source.read(name)
                        if name == sheet:
                            part = data[:end + 6] + bulk + data[end + 6:]
                        target.writestr(name, part)
                run(binary, ["batch", path, "--units", "off", "--out",
                             os.path.join(folder, "big-xlsx-out")], timeout=120)
    manifest = os.path.join(manifest_folder, "manifest.json")
    if os.path.exists(manifest):
        try:
            with open(manifest, encoding="utf-8") as handle:
                value = json.load(handle)
        except ValueError:
            return
        entry = value["inputs"][0] if value.get("inputs") else {"path": "x", "sha256": None}
        value["inputs"] = [dict(entry, path=f"{entry['path']}.{index}") for index in range(50000)]
        with open(manifest, "w", encoding="utf-8") as handle:
            json.dump(value, handle)
        run(binary, ["verify", manifest_folder], timeout=120)


def register_round(binary, register, rng, folder):
    """The register (issue 28): the sample as CSV, as JSON lines, mutated; check and show."""
    path = write_mutated(register, 3, rng, os.path.join(folder, "register.csv"))
    run(binary, ["register", "check", path, "--format", "json"])
    run(binary, ["register", "show", path, "--on", "2025-03-01", "--on-merge", "inherit"])
    rows = register.decode("utf-8").splitlines()[3:]
    keys = ["decision", "signedOn", "kind", "commune_code", "commune_name", "validTo", "note"]
    lines = [json.dumps(dict(zip(keys, row.split(","))), ensure_ascii=False) for row in rows]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path = write_mutated(data, 3, rng, os.path.join(folder, "register.jsonl"))
    run(binary, ["register", "check", path])
    run(binary, ["register", "show", path, "--commune", "07339"])


class Server:
    """A `ytxa serve` on a fresh store, on a free loopback port (issue 29): the HTTP reader
    faces mutated requests over real sockets and must answer each with a status (or close),
    never trap, hang or grow."""

    def __init__(self, binary, folder):
        self.store = os.path.join(folder, "store")
        subprocess.run([binary, "serve", "init", "--data", self.store, "--province", "24"],
                       input=b"fuzz password 123\n", capture_output=True, check=True)
        self.process = subprocess.Popen([binary, "serve", "--data", self.store, "--listen",
                                         "127.0.0.1:0", "--lang", "en"],
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        line = self.process.stdout.readline().decode("utf-8", "replace")
        self.port = int(line.rsplit(":", 1)[1].strip("/\n"))

    def exchange(self, data: bytes) -> bytes:
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as connection:
            connection.sendall(data)
            connection.shutdown(socket.SHUT_WR)
            received = b""
            while True:
                chunk = connection.recv(65536)
                if not chunk:
                    return received
                received += chunk

    def check_alive(self):
        if self.process.poll() is not None:
            raise Failure(f"ytxa serve stopped (status {self.process.returncode})")
        reply = self.exchange(b"GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        if not reply.startswith(b"HTTP/1.1 200"):
            raise Failure(f"ytxa serve no longer answers /healthz: {reply[:80]!r}")
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    kb = int(line.split()[1])
                    if kb > MEMORY_LIMIT_KB:
                        raise Failure(f"ytxa serve holds {kb // 1024} MB")

    def stop(self):
        self.process.kill()
        self.process.wait()


def server_round(server, sample, rng):
    """Mutated requests, each on its own connection: a status line back, or a plain close."""
    body = sample
    seeds = [
        b"GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n",
        b"GET /login?lang=en HTTP/1.1\r\nHost: a\r\nCookie: ytxa_session=00\r\n\r\n",
        b"POST /login HTTP/1.1\r\nHost: a\r\nContent-Type: application/x-www-form-urlencoded"
        b"\r\nContent-Length: 38\r\n\r\nusername=admin&password=x&csrf=%C3%A1",
        b"POST /api/submissions HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
        + b"X-Filename: e.json\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n"
        + body,
        b"POST /submissions HTTP/1.1\r\nHost: a\r\nContent-Type: multipart/form-data; "
        b"boundary=xx\r\nContent-Length: 90\r\n\r\n--xx\r\nContent-Disposition: form-data; "
        b"name=\"file\"; filename=\"a.json\"\r\n\r\n{}\r\n--xx--\r\n",
    ]
    for _ in range(8):
        data = mutate(rng.choice(seeds), rng)
        reply = server.exchange(data)
        if reply and not reply.startswith(b"HTTP/1.1 "):
            raise Failure(f"ytxa serve answered {reply[:60]!r} to {data[:80]!r}")
    server.check_alive()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    samples = []
    for folder, _, names in os.walk(os.path.join(root, "Samples")):
        for name in sorted(names):
            if name.endswith(".json"):
                with open(os.path.join(folder, name), "rb") as handle:
                    samples.append(handle.read())
    with open(os.path.join(root, "Criteria", "qd-1300-2023.json"), "rb") as handle:
        criteria = handle.read()
    with open(os.path.join(root, "Criteria", "roadmaps", "bac-giang-kh115-2023.json"), "rb") as f:
        roadmap = f.read()
    with open(os.path.join(root, "Samples", "bac-giang", "register.csv"), "rb") as f:
        register = f.read()
    plans = []
    plan_folder = os.path.join(root, "Criteria", "plans")
    for name in sorted(os.listdir(plan_folder)):
        if name.endswith(".json"):
            with open(os.path.join(plan_folder, name), "rb") as handle:
                plans.append(handle.read())
    template = subprocess.run(
        [options.binary, "template", "--format", "csv"], capture_output=True, check=True).stdout
    seeds = tempfile.mkdtemp(prefix="ytxa-fuzz-seeds-")
    with open(os.path.join(seeds, "template.xlsx"), "wb") as handle:
        subprocess.run([options.binary, "template", "--format", "xlsx", "--province", "24"],
                       stdout=handle, stderr=subprocess.DEVNULL)
    workbooks = []
    if os.path.exists(os.path.join(seeds, "template.xlsx")):
        with open(os.path.join(seeds, "template.xlsx"), "rb") as handle:
            workbooks.append(handle.read())
    shutil.rmtree(seeds)
    for name in ("template-filled.xlsx", "libreoffice-filled.xlsx"):
        with open(os.path.join(root, "Tests", "YTXAKitTests", "Fixtures", "xlsx", name),
                  "rb") as handle:
            workbooks.append(handle.read())
    server_folder = tempfile.mkdtemp(prefix="ytxa-fuzz-serve-")
    server = Server(options.binary, server_folder)
    print(f"fuzz: seed {options.seed}, {options.seconds:.0f} s", file=sys.stderr)
    rng = random.Random(options.seed)
    deadline = time.monotonic() + options.seconds
    rounds = 0
    while time.monotonic() < deadline:
        folder = tempfile.mkdtemp(prefix="ytxa-fuzz-")
        try:
            evidence_round(options.binary, samples, rng, folder)
            csv_round(options.binary, template, rng, folder)
            xlsx_round(options.binary, rng.choice(workbooks), rng, folder)
            definition_round(
                options.binary, criteria, roadmap, plans, os.path.join(folder, "in"), rng, folder)
            register_round(options.binary, register, rng, folder)
            server_round(server, rng.choice(samples), rng)
            if rounds % 4 == 3:
                oversized_round(options.binary, template, workbooks[-1],
                                os.path.join(folder, "out"), rng, folder)
        except Failure as failure:
            print(f"fuzz: round {rounds} failed: {failure}\ninputs kept in {folder}",
                  file=sys.stderr)
            server.stop()
            return 1
        shutil.rmtree(folder)
        rounds += 1
    server.stop()
    shutil.rmtree(server_folder)
    print(f"fuzz: {rounds} rounds in {options.seconds:.0f} s (seed {options.seed}): no trap, "
          f"no hang, memory under {MEMORY_LIMIT_KB // 1024} MB, every error a sentence, score and "
          "batch agree; ytxa serve answered every mutated request and stayed up")
    return 0


if __name__ == "__main__":
    sys.exit(main())

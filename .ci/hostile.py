#!/usr/bin/env python3
"""The hostile battery of issue 27: inputs made to trap, exhaust or mislead the readers that face
uploads (workbooks, CSV tables, plans, roadmaps, council history, batch manifests and `verify`),
each run by the built `ytxa` with its time and memory watched.

Every case states what must hold:
- the run ends by itself (no signal, no trap), with one of the documented exit codes 0-3;
- within its time limit (a hang guard, several times the time measured on an idle 2-core machine);
- with a maximum resident set under its memory limit (a stated multiple of the input);
- with the sentence the case expects on stderr (or stdout), and no Swift value printed.

Usage: python3 .ci/hostile.py BINARY [--only NAME] [--keep DIR]
Exit 1 if any case fails; each failure is named with what was seen.
"""
import argparse
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SAMPLES = os.path.join(ROOT, "Samples/bac-giang/2025")
SWIFT_VALUE = re.compile(r"Optional\(|Error\(|\(id: |Swift\.|Fatal error")

KEYS = ["year", "assessed_on", "criteria_set", "commune_code", "commune_name", "commune_type",
        "zone", "region", "district_code", "district_name", "province_code", "province_name", "1"]


def run(binary, args, cwd, seconds, stdin=None):
    """Runs ytxa; returns (code or -signal, stdout, stderr, seconds, max RSS in MB)."""
    start = time.monotonic()
    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()
    report = tempfile.NamedTemporaryFile(delete=False)
    report.close()
    # Measured by time(1): a child's maximum resident set counts the memory of the process
    # that started it, and this one may have grown making the input.
    process = subprocess.Popen(["/usr/bin/time", "-q", "-f", "%M", "-o", report.name, binary]
                               + args, cwd=cwd, stdout=out, stderr=err,
                               stdin=subprocess.DEVNULL)
    deadline = start + seconds
    status = None
    usage = None
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            process.kill()
            pid, status, usage = os.wait4(process.pid, 0)
            status = None
            break
        time.sleep(0.02)
    elapsed = time.monotonic() - start
    # Only the head of each stream is kept: this process must stay small, for a child's
    # maximum resident set counts the memory of the process that started it.
    out.seek(0)
    err.seek(0)
    stdout = out.read(1 << 16).decode("utf-8", "replace")
    stderr = err.read(1 << 16).decode("utf-8", "replace")
    with open(report.name) as f:
        lines = f.read().split()
    os.unlink(report.name)
    memory = int(lines[-1]) / 1024 if lines and lines[-1].isdigit() else 0
    if status is None:
        code = "hang"
    elif os.WIFSIGNALED(status):
        code = -os.WTERMSIG(status)
    else:
        # time(1) exits with its child's code, or 128 + the signal that ended it.
        code = os.WEXITSTATUS(status)
        if code > 128:
            code = -(code - 128)
    return code, stdout, stderr, elapsed, memory


# MARK: - Makers


def workbook(path, sheets, shared=None, extra=None, sheet_parts=None):
    """A workbook: `sheets` is a list of (name, sheet XML); `sheet_parts` may point several
    sheets at one part; `extra` adds raw entries."""
    parts = sheet_parts or [f"worksheets/sheet{i + 1}.xml" for i in range(len(sheets))]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/content-types"/>')
        book = ['<workbook xmlns:r="r"><sheets>']
        rels = ["<Relationships>"]
        for index, (name, _) in enumerate(sheets):
            book.append(f'<sheet name="{name}" sheetId="{index + 1}" r:id="rId{index + 1}"/>')
            rels.append(f'<Relationship Id="rId{index + 1}" Target="{parts[index]}"/>')
        z.writestr("xl/workbook.xml", "".join(book) + "</sheets></workbook>")
        z.writestr("xl/_rels/workbook.xml.rels", "".join(rels) + "</Relationships>")
        written = set()
        for index, (_, xml) in enumerate(sheets):
            if parts[index] in written:
                continue
            written.add(parts[index])
            z.writestr("xl/" + parts[index], xml)
        if shared is not None:
            z.writestr("xl/sharedStrings.xml", shared)
        for name, data in (extra or []):
            z.writestr(name, data)


def col(index):
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def header_row(number=1):
    cells = "".join(f'<c r="{col(i)}{number}" t="inlineStr"><is><t>{k}</t></is></c>'
                    for i, k in enumerate(KEYS))
    return f'<row r="{number}">{cells}</row>'


def data_row(number, code="07228", value="x", kind="inlineStr", raw=None):
    values = ["2025", "", "qd-1300-2023", code, "Phường Đa Mai", "phuong", "1", "TDMNPB",
              "", "", "24", "Tỉnh Bắc Ninh", value]
    cells = []
    for i, text in enumerate(values):
        if text == "":
            continue
        if i == 12 and raw is not None:
            cells.append(raw.replace("REF", f"{col(i)}{number}"))
        else:
            cells.append(f'<c r="{col(i)}{number}" t="inlineStr"><is><t>{text}</t></is></c>')
    return f'<row r="{number}">{"".join(cells)}</row>'


def sheet(rows, root="worksheet"):
    return f'<{root}><sheetData>{"".join(rows)}</sheetData></{root}>'


# MARK: - Cases

CASES = []


def case(name, cls, seconds=20, memory=300, expect=None, codes=(1, 2)):
    def wrap(function):
        CASES.append(dict(name=name, cls=cls, make=function, seconds=seconds, memory=memory,
                          expect=expect, codes=codes))
        return function
    return wrap


TABLE_COMMANDS = ["check", "score", "batch", "council", "plan"]


def table_args(command, path, work):
    if command == "batch":
        return ["batch", path, "--out", os.path.join(work, "out-batch")]
    if command == "council":
        return ["council", path, "--round", "2025-12"]
    if command == "plan":
        return ["plan", "--plan", "tan-yen-2024", "--evidence", path, "--year", "2025"]
    if command == "council":
        return ["council", path, "--round", "2025-12"]
    return [command, path]


def each_command(path_maker, expect):
    def make(work):
        path = path_maker(work)
        return [table_args(command, path, work) for command in TABLE_COMMANDS]
    return make


# Class 1: numbers used in arithmetic before their range is checked.
for label, ref_row in [("row near Int.max", "9223372036854775807"),
                       ("row past Int64", "99999999999999999999999"), ("row -1", "-1"),
                       ("row 0", "0"), ("row 1048577", "1048577")]:
    def maker(work, ref_row=ref_row):
        path = os.path.join(work, "t.xlsx")
        rows = [header_row(1), data_row(2).replace('<row r="2">', f'<row r="{ref_row}">')]
        workbook(path, [("Sheet1", sheet(rows))])
        return path
    case(f"1 workbook {label}", 1, expect=r"dòng|row")(each_command(maker, None))

for label, ref in [("cell column past XFD", "XFE2"), ("cell row near Int.max",
                   "M9223372036854775807"), ("cell of 40 letters", "A" * 40 + "2")]:
    def maker(work, ref=ref):
        path = os.path.join(work, "t.xlsx")
        rows = [header_row(1), data_row(2, raw=f'<c r="{ref}"><v>1</v></c>')]
        workbook(path, [("Sheet1", sheet(rows))])
        return path
    case(f"1 workbook {label}", 1, expect=r"ô|cell")(each_command(maker, None))


# Class 2: memory out of proportion to the input.
@case("2 header cell at XFD1, 8,000 rows", 2, memory=200)
def _(work):
    path = os.path.join(work, "t.xlsx")
    head = header_row(1).replace("</row>", '<c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>')
    rows = [head] + [f'<row r="{n}"><c r="XFD{n}"><v>1</v></c></row>' for n in range(2, 8002)]
    workbook(path, [("Sheet1", sheet(rows))])
    return [["check", path], ["batch", path, "--out", os.path.join(work, "o")]]


@case("2 300,000 tiny rows refused one by one", 2, seconds=120, memory=300)
def _(work):
    path = os.path.join(work, "t.xlsx")
    rows = [header_row(1)] + [f'<row r="{n}"><c r="D{n}"><v>1</v></c></row>'
                              for n in range(2, 300002)]
    workbook(path, [("Sheet1", sheet(rows))])
    return [["check", path], ["batch", path, "--out", os.path.join(work, "o")],
            ["score", path]]


@case("2 CSV of 600,000 one-cell rows", 2, seconds=120, memory=300)
def _(work):
    path = os.path.join(work, "t.csv")
    with open(path, "w") as f:
        f.write(",".join(KEYS) + "\n")
        f.write("1\n" * 600_000)
    return [["check", path], ["batch", path, "--out", os.path.join(work, "o")],
            ["score", path], ["council", path, "--round", "2025-12"]]


@case("2 CSV of 600,000 rows each with an error", 2, seconds=150, memory=300)
def _(work):
    path = os.path.join(work, "t.csv")
    with open(path, "w") as f:
        f.write(",".join(KEYS) + "\n")
        f.write("2025,,qd-1300-2023,07228,x,phuong,7,TDMNPB,,,24,x,x\n" * 600_000)
    return [["check", path], ["batch", path, "--out", os.path.join(work, "o")]]


REGISTER_KEYS = "decision,signedOn,kind,commune_code,commune_name,validTo,note\n"


def register_commands(path):
    round_ = os.path.join(ROOT, "Samples/bac-giang/2025-12")
    return [["register", "check", path], ["register", "show", path, "--on", "2025-01-01"],
            ["roadmap", "--register", path],
            ["council", round_, "--round", "2025-12", "--register", path]]


@case("2 register of 600,000 valid rows: read up to its limit", 2, seconds=150, memory=300,
      expect=r"100000")
def _(work):
    path = os.path.join(work, "r.csv")
    with open(path, "w") as f:
        f.write(REGISTER_KEYS)
        for n in range(600_000):
            f.write(f"{n}/QĐ-UBND,15/01/2024,recognition,07336,Xã Cao Xá,,n\n")
    return register_commands(path)


@case("2 register of 600,000 bad rows: 1,000 listed, the rest counted", 2, seconds=150,
      memory=300, expect=r"31/02/2024")
def _(work):
    path = os.path.join(work, "r.jsonl")
    with open(path, "w") as f:
        for n in range(600_000):
            f.write('{"decision": "%d", "signedOn": "31/02/2024", "kind": "x", '
                    '"commune_code": "7336", "commune_name": "x"}\n' % n)
    return register_commands(path)


# Class 3: quadratic time.
@case("3 65,534 zip entries", 3, seconds=20)
def _(work):
    path = os.path.join(work, "t.xlsx")
    workbook(path, [("Sheet1", sheet([header_row(1), data_row(2)]))],
             extra=[(f"junk/{n}.xml", b"") for n in range(65_000)])
    return [["check", path]]


@case("3 20,000 sheet names", 3, seconds=20)
def _(work):
    path = os.path.join(work, "t.xlsx")
    one = sheet([header_row(1), data_row(2)])
    workbook(path, [(f"S{n}", one) for n in range(20_000)])
    return [["check", path]]


@case("3 200,000-column CSV header", 3, seconds=20)
def _(work):
    path = os.path.join(work, "t.csv")
    with open(path, "w") as f:
        f.write(",".join(KEYS + [f"c{n}" for n in range(200_000)]) + "\n1\n")
    return [["check", path]]


@case("3 200,000 repeated CSV header columns", 3, seconds=20)
def _(work):
    path = os.path.join(work, "t.csv")
    with open(path, "w") as f:
        f.write(",".join(KEYS + ["1"] * 200_000) + "\n1\n")
    return [["check", path]]


@case("3 20,000 plan targets", 3, seconds=20, codes=(0, 1))
def _(work):
    plan = json.load(open(os.path.join(ROOT, "Criteria/plans/tan-yen-2024.json")))
    target = plan["targets"][0]
    plan["targets"] = [dict(target, id=f"t{n}") for n in range(20_000)]
    path = os.path.join(work, "p.json")
    json.dump(plan, open(path, "w"), ensure_ascii=False)
    return [["plan", "--plan", path, "--year", "2025", "--evidence", SAMPLES]]


@case("3 one 16 MiB sheet part behind 16 sheets", 3, seconds=30, expect=r"cùng trỏ tới phần")
def _(work):
    path = os.path.join(work, "t.xlsx")
    big = sheet(['<row r="%d"/>' % n for n in range(1, 1_000_000)])
    workbook(path, [(f"S{n}", big) for n in range(16)],
             sheet_parts=["worksheets/sheet1.xml"] * 16)
    return [["check", path]]


# Class 4: damaged or ambiguous cells accepted in silence.
def damaged(label, rows, expect, root="worksheet", raw=None):
    @case(f"4 {label}", 4, expect=expect)
    def _(work):
        path = os.path.join(work, "t.xlsx")
        xml = raw if raw is not None else sheet(rows, root)
        workbook(path, [("Sheet1", xml)])
        return [["check", path], ["score", path]]


damaged("sheet cut mid-row", None, r"XML|kết thúc|end",
        raw=sheet([header_row(1), data_row(2)])[:-60])
damaged("unmatched end tag", None, r"XML|thẻ|tag",
        raw="<worksheet><sheetData>" + header_row(1) + "</sheetData></row></worksheet>")
damaged("second root with rows", None, r"XML|gốc|root",
        raw=sheet([header_row(1)]) + sheet([data_row(2)]))
damaged("invalid UTF-8 in an inline string", None, r"UTF-8",
        raw=sheet([header_row(1), data_row(2, raw='<c r="REF" t="inlineStr"><is><t>\udcff</t>'
                                             '</is></c>')]).encode("utf-8", "surrogateescape"))
damaged("boolean cell holding 5", [header_row(1), data_row(2, raw='<c r="REF" t="b"><v>5</v></c>')],
        r"0|1|logic|boolean")
damaged("number 0x10", [header_row(1), data_row(2, raw='<c r="REF"><v>0x10</v></c>')],
        r"số|number")
damaged("two <v> in a cell", [header_row(1), data_row(2, raw='<c r="REF"><v>1</v><v>2</v></c>')],
        r"<v>|hai|two")
damaged("a cell twice", [header_row(1), data_row(2, raw='<c r="REF"><v>1</v></c>'
                                                  '<c r="REF"><v>0</v></c>')], r"ô|cell")
damaged("a row twice", [header_row(1), data_row(2), data_row(2)], r"dòng|row")


@case("4 lone CR inside a CSV field", 4, expect=r"CR|xuống dòng|line|\\r")
def _(work):
    path = os.path.join(work, "t.csv")
    with open(path, "wb") as f:
        f.write((",".join(KEYS) + "\n").encode())
        f.write("2025,,qd-1300-2023,07228,x,phuong,1,TDMNPB,,,24,x,96\r50\n".encode())
    return [["check", path], ["score", path]]


# Class 6: verify vouching for what it did not check.
def batch_run(binary, work, extra=()):
    out = os.path.join(work, "run")
    source = os.path.join(ROOT, "Samples/bac-giang/2025")
    code, _, stderr, _, _ = run(binary, ["batch", source, "--out", out, *extra], work, 60)
    assert code in (0, 1), stderr
    return out


def manifest_edit(work, binary, edit, extra=()):
    out = batch_run(binary, work, extra)
    path = os.path.join(out, "manifest.json")
    manifest = json.load(open(path))
    edit(manifest, work)
    json.dump(manifest, open(path, "w"), ensure_ascii=False, indent=2)
    return out


@case("6 verify after the criteria list alone was edited", 6, expect=r"KHÔNG KHỚP|khác|differ",
      codes=(1, 2))
def _(work, binary):
    path = os.path.join(work, "lenient.json")
    text = open(os.path.join(ROOT, "Criteria/qd-1300-2023.json")).read()
    open(path, "w").write(text.replace('"minimumTotal": 80', '"minimumTotal": 10'))

    sha = subprocess.run(["sha256sum", os.path.join(ROOT, "Criteria/qd-1300-2023.json")],
                         capture_output=True, text=True).stdout.split()[0]

    def edit(manifest, work):
        # The criteria list made to say "the bundled set", the command left as it was.
        for item in manifest.get("criteria", []):
            item.update(file="Criteria/qd-1300-2023.json", bundled=True, sha256=sha)
    return [["verify", manifest_edit(work, binary, edit, ["--criteria", path])]]


@case("6 verify with an output named ../../x", 6, expect=r"\.\.|tên|name", codes=(1, 2))
def _(work, binary):
    secret = os.path.join(work, "secret.txt")
    open(secret, "w").write("secret")

    def edit(manifest, work):
        outputs = manifest.get("outputs")
        if isinstance(outputs, list) and outputs:
            outputs[0]["path"] = "../secret.txt"
        elif isinstance(outputs, dict):
            key = next(iter(outputs))
            outputs["../secret.txt"] = outputs.pop(key)
    return [["verify", manifest_edit(work, binary, edit)]]


@case("6 verify with an input at /proc/self/pagemap", 6, seconds=20, codes=(1, 2))
def _(work, binary):
    def edit(manifest, work):
        inputs = manifest.get("inputs")
        if isinstance(inputs, list) and inputs:
            inputs[0]["path"] = "/proc/self/pagemap"
    return [["verify", manifest_edit(work, binary, edit)]]


# Class 7: wrong answers without a word.
@case("7 council --history missing", 7, expect=r"history|lịch sử|không đọc|cannot")
def _(work):
    return [["council", os.path.join(ROOT, "Samples/bac-giang/2025-12"), "--round", "2025-12",
             "--history", os.path.join(work, "missing")]]


@case("7 evidence assessed before the criteria took effect", 7, expect=r"hiệu lực|effect",
      codes=(1, 2))
def _(work):
    evidence = json.load(open(os.path.join(ROOT, "Samples/bac-giang/2025-12/07228.json")))
    evidence["assessedOn"] = "2020-01-01"
    evidence["year"] = 2020
    path = os.path.join(work, "07228.json")
    json.dump(evidence, open(path, "w"), ensure_ascii=False)
    return [["score", "--units", "off", path]]


@case("7 --previous with a year outside 2000-2100", 7, expect=r"2000|2100|năm|year",
      codes=(1, 2))
def _(work, binary):
    out = batch_run(binary, work)
    path = os.path.join(out, "results.jsonl")
    lines = open(path).read().splitlines()
    first = json.loads(lines[0])
    first["year"] = 1900
    lines[0] = json.dumps(first, ensure_ascii=False)
    open(path, "w").write("\n".join(lines) + "\n")
    return [["batch", os.path.join(ROOT, "Samples/bac-giang/2025"), "--out",
             os.path.join(work, "second"), "--previous", out]]


@case("7 roadmap unitsAsOf before the registry's first day", 7, expect=r"unitsAsOf|danh mục|registry")
def _(work):
    roadmap = json.load(open(os.path.join(ROOT, "Criteria/roadmaps/bac-giang-kh115-2023.json")))
    roadmap["unitsAsOf"] = "1900-01-01"
    path = os.path.join(work, "r.json")
    json.dump(roadmap, open(path, "w"), ensure_ascii=False)
    return [["roadmap", "--roadmap", path, "--evidence",
             os.path.join(ROOT, "Samples/bac-giang/2025")]]


@case("7 plan with no targets", 7, expect=r"targets|mục tiêu")
def _(work):
    plan = json.load(open(os.path.join(ROOT, "Criteria/plans/tan-yen-2024.json")))
    plan["targets"] = []
    path = os.path.join(work, "p.json")
    json.dump(plan, open(path, "w"), ensure_ascii=False)
    return [["plan", "--plan", path, "--year", "2025", "--evidence", SAMPLES]]


# Class 8: internals and misdiagnoses in messages.
@case("8 a number cell of 1E+15", 8, codes=(1, 2))
def _(work):
    path = os.path.join(work, "t.xlsx")
    workbook(path, [("Sheet1", sheet([header_row(1),
                                      data_row(2, raw='<c r="REF"><v>1E+15</v></c>')]))])
    return [["check", path]]


@case("8 a 1,000,000-digit cell", 8, expect=r"…")
def _(work):
    path = os.path.join(work, "t.csv")
    with open(path, "w") as f:
        f.write(",".join(KEYS) + "\n")
        f.write("2025,,qd-1300-2023,07228,x,phuong,1,TDMNPB,,,24,x," + "9" * 1_000_000 + "\n")
    return [["check", path]]


@case("8 missing plan file", 8, expect=r"p\.json: không đọc được tệp")
def _(work):
    return [["plan", "--plan", os.path.join(work, "p.json"), "--year", "2025", "--evidence",
             SAMPLES]]


@case("8 roadmap --evidence file.csv", 8, codes=(0, 1, 2))
def _(work):
    path = os.path.join(work, "t.csv")
    with open(path, "w") as f:
        f.write(",".join(KEYS) + "\n")
        f.write("2025,,qd-1300-2023,07228,x,phuong,1,TDMNPB,,,24,x,x\n")
    return [["roadmap", "--evidence", path]]


@case("8 verify --lang en reports a failed re-run in English", 8,
      expect=r"could not be re-scored: Error: no evidence", codes=(1,))
def _(work, binary):
    source = os.path.join(work, "evidence")
    shutil.copytree(os.path.join(ROOT, "Samples/bac-giang/2025-12"), source)
    out = os.path.join(work, "run")
    run(binary, ["batch", source, "--out", out], work, 60)
    for name in os.listdir(source):
        os.remove(os.path.join(source, name))
    return [["verify", "--lang", "en", out]]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--only")
    parser.add_argument("--keep")
    options = parser.parse_args()
    binary = os.path.abspath(options.binary)
    failures = 0
    for item in CASES:
        if options.only and options.only not in item["name"]:
            continue
        work = tempfile.mkdtemp(prefix="ytxa-hostile-")
        try:
            make = item["make"]
            commands = (make(work, binary) if make.__code__.co_argcount == 2 else make(work))
            size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(work)
                       for f in fs)
            for args in commands:
                code, stdout, stderr, seconds, memory = run(binary, args, work, item["seconds"])
                problems = []
                if code == "hang" or not isinstance(code, int) or code < 0 or code > 3:
                    problems.append(f"ended with {code}")
                elif code not in item["codes"]:
                    problems.append(f"exit {code}, expected one of {item['codes']}")
                if memory > item["memory"]:
                    problems.append(f"{memory:.0f} MB (limit {item['memory']})")
                if SWIFT_VALUE.search(stderr + stdout):
                    problems.append("a Swift value printed")
                if item["expect"] and not re.search(item["expect"], stderr + stdout, re.S):
                    problems.append(f"no /{item['expect']}/ in the output")
                verdict = "FAIL " + "; ".join(problems) if problems else "ok"
                print(f"{verdict:4} [{item['cls']}] {item['name']}: ytxa {args[0]} "
                      f"({code}, {seconds:.1f} s, {memory:.0f} MB, input {size / 1e6:.1f} MB)")
                if problems:
                    failures += 1
                    first = (stderr or stdout).strip().splitlines()[:3]
                    for line in first:
                        print("       " + line[:200])
        finally:
            if options.keep:
                shutil.copytree(work, os.path.join(options.keep, re.sub(r"\W+", "-",
                                                                        item["name"])))
            shutil.rmtree(work, ignore_errors=True)
    print(f"{failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

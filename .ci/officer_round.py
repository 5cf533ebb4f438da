#!/usr/bin/env python3
"""The department officer's round trip, as a user does it (issue 26).

1. `ytxa template --province 24 --format xlsx`: the province's 99 units, region prefilled.
2. Five rows filled with openpyxl as a commune would: keys or the labels shown in the prompts,
   `x` for yes, a date typed dd/mm/yyyy and a real date cell; one row with several mistakes.
3. The workbook saved again by LibreOffice Calc (when `soffice` is installed).
4. `check` (text, xlsx, html), `batch` and `council` on it: 94 rows unfilled and skipped,
   4 scored, 1 rejected with every problem named by cell and column title; the counts agree
   in stdout, the check workbook (read by openpyxl), the HTML overview, the batch's
   summary.json and report.html, and the council's papers.

Usage: python3 .ci/officer_round.py PATH/TO/ytxa
"""
import datetime
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

import openpyxl

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(ytxa, *args, expect=(0, 1)):
    done = subprocess.run([ytxa, *args], capture_output=True)
    if done.returncode not in expect:
        sys.exit(f"ytxa {' '.join(args)} exited {done.returncode}:\n{done.stderr.decode()}")
    return done


def cells(evidence):
    """An evidence file's indicators as template cells, by column key."""
    out = {}
    for key, value in evidence["evidence"].items():
        if isinstance(value, dict) and "numerator" in value:
            out[f"{key}_num"], out[f"{key}_den"] = value["numerator"], value["denominator"]
        elif isinstance(value, dict):
            out[key] = "KAD"
        elif isinstance(value, list):
            out[key] = ";".join(value) if value else "-"
        elif isinstance(value, bool):
            out[key] = "x" if value else "không"
        elif value is not None:
            out[key] = value
    return out


def main(ytxa):
    work = tempfile.mkdtemp()
    try:
        template = os.path.join(work, "tinh.xlsx")
        with open(template, "wb") as handle:
            handle.write(run(ytxa, "template", "--province", "24", "--format", "xlsx",
                             "--on", "2026-11-01").stdout)
        book = openpyxl.load_workbook(template)
        sheet = book.worksheets[0]
        keys = [cell.value for cell in sheet[2]]
        column = {key: index + 1 for index, key in enumerate(keys)}
        rows = list(range(3, sheet.max_row + 1))
        units = [row for row in rows if sheet.cell(row, column["commune_code"]).value]
        assert len(units) == 99, len(units)
        regions = {sheet.cell(row, column["region"]).value for row in units}
        assert regions == {"TDMNPB", "DBSH"}, regions
        # A passing sample's evidence, filled into four units' rows as a commune would.
        sample = json.load(open(os.path.join(ROOT, "Samples/bac-giang/2026/07210.json")))
        good = cells(sample)
        filled = units[:5]
        for number, row in enumerate(filled):
            sheet.cell(row, column["zone"]).value = 2
            for key, value in good.items():
                sheet.cell(row, column[key]).value = value
            # The label shown in the prompt instead of the key; a date in two spellings.
            sheet.cell(row, column["7"]).value = "Có bác sĩ cơ hữu"
            if number == 1:
                sheet.cell(row, column["assessed_on"]).value = "10/11/2026"
            if number == 2:
                sheet.cell(row, column["assessed_on"]).value = datetime.date(2026, 11, 10)
                sheet.cell(row, column["assessed_on"]).number_format = "dd/mm/yyyy"
        broken = filled[4]
        sheet.cell(broken, column["zone"]).value = 7
        sheet.cell(broken, column["3_num"]).value = 0.95
        sheet.cell(broken, column["3_num"]).number_format = "0%"
        sheet.cell(broken, column["5"]).value = "chắc có"
        sheet.cell(broken, column["7"]).value = "bác sĩ hợp đồng"
        filled_path = os.path.join(work, "tinh-da-dien.xlsx")
        book.save(filled_path)
        if shutil.which("soffice"):
            saved = os.path.join(work, "saved")
            subprocess.run(["soffice", "--headless", "--convert-to", "xlsx:Calc MS Excel 2007 XML",
                            "--outdir", saved, filled_path], check=True, capture_output=True)
            filled_path = os.path.join(saved, "tinh-da-dien.xlsx")
            print("saved again by LibreOffice Calc")
        else:
            print("soffice not installed: the workbook as openpyxl wrote it")

        # check, text: every problem of the broken row at once, in the sheet's words.
        check = run(ytxa, "check", filled_path)
        err, out = check.stderr.decode(), check.stdout.decode()
        name = sheet.cell(broken, column["commune_name"]).value
        code = sheet.cell(broken, column["commune_code"]).value
        letters = {key: openpyxl.utils.get_column_letter(index) for key, index in column.items()}
        expected = [
            f"{name} ({code}): 4 lỗi",
            f"ô {letters['zone']}{broken} (Vùng (1, 2, 3)): không có vùng 7",
            f"ô {letters['3_num']}{broken} (3. Tỷ lệ dân số tham gia bảo hiểm y tế — tử số): "
            "\"0.95\" là một tỷ lệ; ô này cần một số đếm",
            f"ô {letters['5']}{broken} (5. ",
            f"ô {letters['7']}{broken} (7. Trạm y tế có bác sĩ làm việc): \"bác sĩ hợp đồng\"",
            "Chưa điền: 94 dòng",
        ]
        for text in expected:
            if text not in err:
                sys.exit(f"check's stderr lacks {text!r}:\n{err}")
        for text in ["evidence.", "trường", "cột 21_num"]:
            if text in err:
                sys.exit(f"check's stderr speaks the engine's language ({text!r}):\n{err}")
        if "Không đọc được (1)" not in out or "Chưa điền: 94 dòng" not in out:
            sys.exit(f"check's stdout does not count the rows it did not score:\n{out}")
        scored = out.count("\n") and sum(1 for line in out.splitlines() if f" {code} " in line)

        # check --format xlsx: a sheet of what could not be read, cell by cell.
        book_path = os.path.join(work, "check.xlsx")
        with open(book_path, "wb") as handle:
            handle.write(run(ytxa, "check", filled_path, "--format", "xlsx").stdout)
        result = openpyxl.load_workbook(book_path)
        listed = [row for row in result.worksheets[0].iter_rows(min_row=3, values_only=True)
                  if row[0]]
        unread = [row for row in result["Không đọc được"].iter_rows(min_row=3, values_only=True)]
        problems = [row for row in unread if row[2] == "không đọc được"]
        unfilled = [row for row in unread if row[2] == "chưa điền"]
        if len(listed) != 4 or len(problems) != 4 or len(unfilled) != 94:
            sys.exit(f"check.xlsx: {len(listed)} scored, {len(problems)} problems, "
                     f"{len(unfilled)} unfilled; expected 4, 4, 94")
        if not all(f"{name} ({code})" == row[1] for row in problems):
            sys.exit(f"check.xlsx: the rejected row's commune is not named: {problems}")

        # check --format html: the overview counts and lists them.
        html = run(ytxa, "check", filled_path, "--format", "html").stdout.decode()
        for text in ["4 xã · 4 đạt · 0 chưa đạt · 1 không đọc được · 94 chưa điền",
                     "Không đọc được (1)", "Chưa điền (94)", f"{name}"]:
            if text not in html:
                sys.exit(f"check's HTML lacks {text!r}")

        # batch: summary.json and report.html agree.
        out_dir = os.path.join(work, "out")
        run(ytxa, "batch", filled_path, "--out", out_dir)
        files = json.load(open(os.path.join(out_dir, "summary.json")))["files"]
        if (files["scored"], files["rejected"], files["unfilledRows"]) != (4, 1, 94):
            sys.exit(f"summary.json counts {files}")
        report = open(os.path.join(out_dir, "report.html"), encoding="utf-8").read()
        for text in ["94 dòng chưa điền", "Không đọc được (1)", f"ô {letters['zone']}{broken}"]:
            if text not in report:
                sys.exit(f"report.html lacks {text!r}")
        errors = [json.loads(line) for line in open(os.path.join(out_dir, "errors.jsonl"))]
        if len(errors) != 1 or len(errors[0]["problems"]) != 4:
            sys.exit(f"errors.jsonl: {errors}")

        # council: the papers list the commune whose evidence could not be read.
        papers = run(ytxa, "council", filled_path).stdout.decode()
        for text in ["Số xã được thẩm định: 4", "không đọc được", f"{name}"]:
            if text not in papers:
                sys.exit(f"the council's papers lack {text!r}")
        print(f"officer round: 99 rows, 4 scored, 1 rejected with 4 problems named by cell, "
              f"94 unfilled; counts agree in check (text, xlsx, html), batch and council")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1])

#!/usr/bin/env python3
"""Opens a workbook ytxa wrote with openpyxl (an independent reader) and checks it holds the rows
of its CSV twin: the same cells, numbers as numbers, a bold header row frozen in place.

Usage: python3 .ci/check_xlsx.py summary.xlsx summary.csv [FROZEN_CELL] [--lists]

FROZEN_CELL is the first cell not frozen (A2 by default; F3 for the evidence template, whose
labels and keys rows and first five columns stay in view). --lists also asks for the template's
data validation lists and text-formatted code cells.
"""
import csv
import sys
import warnings

import openpyxl


def main(workbook_path, csv_path, frozen="A2", lists=False):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a workbook openpyxl has to repair is a failure
        book = openpyxl.load_workbook(workbook_path)
    sheet = book.active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    with open(csv_path, encoding="utf-8-sig", newline="") as handle:
        expected = list(csv.reader(handle))
    if len(rows) != len(expected):
        sys.exit(f"{workbook_path}: {len(rows)} rows, the CSV has {len(expected)}")
    for number, (got, want) in enumerate(zip(rows, expected), start=1):
        got = got + [None] * (len(want) - len(got))
        for column, (cell, text) in enumerate(zip(got, want), start=1):
            if isinstance(cell, (int, float)) and not isinstance(cell, bool):
                same = text != "" and float(text) == float(cell)
            else:
                same = (cell or "") == text
            if not same:
                sys.exit(f"{workbook_path}: row {number}, column {column}: {cell!r} != {text!r}")
    if sheet.freeze_panes != frozen or not sheet["A1"].font.b:
        sys.exit(f"{workbook_path}: the header row is not bold, or not frozen at {frozen}")
    if lists:
        validations = sheet.data_validations.dataValidation
        if not any(v.type == "list" and "phuong" in (v.formula1 or "") for v in validations):
            sys.exit(f"{workbook_path}: no list of unit types")
        code = sheet["D3"]
        if not isinstance(code.value, str) or code.number_format != "@":
            sys.exit(f"{workbook_path}: D3 {code.value!r} is not a text cell formatted as text")
    print(f"{workbook_path}: {len(rows)} rows read by openpyxl, as in {csv_path}")


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if a != "--lists"]
    main(*arguments, lists="--lists" in sys.argv)

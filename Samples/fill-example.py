#!/usr/bin/env python3
"""Types three mistakes into the second unit's row of a province template (CSV), as the example
of Documentation/Batch.md shows them read back: vùng 7, a share (0.95) where a count is asked,
and a choice no option names. Illustrative; the other rows stay as the template gave them.

Usage: python3 Samples/fill-example.py TEMPLATE.csv
"""
import csv
import sys

path = sys.argv[1]
with open(path, encoding="utf-8-sig", newline="") as handle:
    rows = list(csv.reader(handle))
keys, row = rows[1], rows[3]
row[keys.index("zone")] = "7"
row[keys.index("3_num")] = "0.95"
row[keys.index("3_den")] = "1"
row[keys.index("7")] = "hợp đồng"
with open(path, "w", encoding="utf-8", newline="") as handle:
    csv.writer(handle).writerows(rows)

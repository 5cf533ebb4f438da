#!/usr/bin/env python3
"""Writes hieu-chinh.json: the bundled set with the illustrative correction of
Documentation/CorrectingCriteria.md (indicator 3, vùng 2: the 3-point band from 93 % to 89 %, the
indicator marked confirmed with an example citation). An illustration, not a reading of the
annex: the threshold and the source are invented.

Usage (from the repository root): python3 Samples/hieu-chinh.py [OUT]
"""
import json
import sys

criteria = json.load(open("Criteria/qd-1300-2023.json", encoding="utf-8"))
indicator = next(i for c in criteria["criteria"] for i in c["indicators"] if i["id"] == "3")
indicator["bandsByZone"]["2"][0]["threshold"] = 89
indicator["provenance"] = {
    "status": "confirmed",
    "confirmed": ["points", "bands"],
    "source": "VÍ DỤ MINH HỌA, không phải trích dẫn thật: QĐ 1300/QĐ-BYT, Phụ lục, "
    "Tiêu chí 1, chỉ tiêu 3, tr. 4",
}
with open(sys.argv[1] if len(sys.argv) > 1 else "hieu-chinh.json", "w", encoding="utf-8") as out:
    json.dump(criteria, out, ensure_ascii=False, indent=2)
    out.write("\n")

#!/usr/bin/env python3
"""Generates ytxa's registry of commune-level units (Criteria/units/registry.tsv).

Usage:
  python3 Criteria/units/generate.py [SOURCES]          # write registry.tsv
  python3 Criteria/units/generate.py [SOURCES] --check  # exit 1 if registry.tsv differs

SOURCES is the folder of reference CSV files (default: ../shared/reference/units beside the
repository). The format is described column by column in Documentation/UnitRegistry.md.

What the script decides, and nothing more (it never invents a date or a successor):
- Units of the 2023-04-10 list are in force from before the registry's start (empty `from`).
- Bắc Giang (24): the changes between the two GSO lists are those of Nghị quyết 1191, in force
  2025-01-01: the 17 dissolved communes end 2024-12-31 and the commune that took each in begins
  again on 2025-01-01 with it as a predecessor; every other unit whose name, type, district or
  province changed ends 2024-12-31 and begins again, the same territory, on 2025-01-01.
- Elsewhere, a change between the lists happened at an unknown date inside window 1 (after
  2023-04-10, by 2025-03-01): the old unit ends "~1", the new one begins "~1". A code that
  continues keeps the old unit as its whole predecessor, but other predecessors (communes it may
  have taken in) are not known: the list ends with "?". A dissolved commune has no known
  successor.
- 2025-07-01 (Nghị quyết 1658 and the provinces' resolutions): every unit then in force ends
  2025-06-30 (the district level ended); the conversion table gives the new units and their
  predecessors. Shares: "whole", "unchanged", "renamed", "type-changed" are whole; "partial"
  and "other" are partial, and so is an old commune the table places under several new ones
  (whatever the row says). Rows without an old commune go into the note.
- Corrections of evident typos in the sources are listed in CORRECTIONS and printed.
"""
import csv
import hashlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUTPUT = os.path.join(HERE, "registry.tsv")
FILES = {
    "2023": "gso-units-2023-04-10.csv",
    "2025": "gso-units-2025-03-01.csv",
    "merges": "bac-giang-2025-01-01-merges.csv",
    "conversion": "conversion-2025-07-01.csv",
}
START = "2023-04-10"
WINDOW = ("1", "2023-04-10", "2025-03-01")
BAC_GIANG = "24"
MERGE_DAY, MERGE_EVE = "2025-01-01", "2024-12-31"
REFORM_DAY, REFORM_EVE = "2025-07-01", "2025-06-30"
TYPES = {"Xã": "x", "Phường": "p", "Thị trấn": "t", "Đặc khu": "d"}
# (file, code, column, wrong, right): evident typos in the sources, corrected here and printed.
CORRECTIONS = [
    ("conversion", "24496", "new_name", "Xa Ea Kly", "Xã Ea Kly"),
]
WHOLE = {"whole", "unchanged", "renamed", "type-changed"}


def read(folder, key):
    path = os.path.join(folder, FILES[key])
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    code_column = "new_code" if key == "conversion" else (
        "old_code" if key == "merges" else "commune_code")
    for name, code, column, wrong, right in CORRECTIONS:
        if name != key:
            continue
        for row in rows:
            if row.get(code_column) == code and row[column] == wrong:
                row[column] = right
                if row is not next(r for r in rows if r.get(code_column) == code):
                    continue
                print(f"corrected {FILES[key]} {code} {column}: {wrong!r} -> {right!r}",
                      file=sys.stderr)
    return rows


def sha256(folder, key):
    with open(os.path.join(folder, FILES[key]), "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def type_of_name(name):
    for word, letter in TYPES.items():
        if name.startswith(word + " "):
            return letter
    raise SystemExit(f"no type word in the name {name!r}")


def gso_unit(row, start):
    return {
        "code": row["commune_code"], "from": start, "to": "",
        "type": TYPES[row["commune_type"]], "name": row["commune_name"],
        "district": (row["district_code"], row["district_name"]),
        "province": (row["province_code"], row["province_name"]),
        "preds": [], "unknown": False, "note": "",
    }


def identity(row):
    return tuple(row[k] for k in (
        "commune_name", "commune_type", "district_code", "district_name",
        "province_code", "province_name"))


def build(folder):
    list2023 = {r["commune_code"]: r for r in read(folder, "2023")}
    list2025 = {r["commune_code"]: r for r in read(folder, "2025")}
    merges = read(folder, "merges")
    conversion = read(folder, "conversion")
    dissolved = {m["old_code"]: m for m in merges}
    taken_in = {}
    for m in merges:
        taken_in.setdefault(m["into_code"], []).append(m["old_code"])
    units = []
    current = {}  # code -> the unit in force after the 2025 lists
    window = "~" + WINDOW[0]
    for code, old in list2023.items():
        unit = gso_unit(old, "")
        units.append(unit)
        new = list2025.get(code)
        if old["province_code"] == BAC_GIANG:
            if code in dissolved:
                unit["to"] = MERGE_EVE
                continue
            if new is None:
                raise SystemExit(f"Bắc Giang {code} is in neither the 2025 list nor the merges")
            if identity(old) == identity(new) and code not in taken_in:
                current[code] = unit
                continue
            unit["to"] = MERGE_EVE
            successor = gso_unit(new, MERGE_DAY)
            successor["preds"] = sorted([(code, "w")] + [(c, "w") for c in taken_in.get(code, [])])
            units.append(successor)
            current[code] = successor
            continue
        if new is None:
            unit["to"] = window
        elif identity(old) == identity(new):
            current[code] = unit
        else:
            unit["to"] = window
            successor = gso_unit(new, window)
            successor["preds"] = [(code, "w")]
            successor["unknown"] = True
            units.append(successor)
            current[code] = successor
    for code, new in list2025.items():
        if code in list2023:
            continue
        if new["province_code"] == BAC_GIANG:
            raise SystemExit(f"Bắc Giang {code} is new in 2025 but no merge names it")
        unit = gso_unit(new, window)
        unit["unknown"] = True
        units.append(unit)
        current[code] = unit
    for unit in current.values():
        unit["to"] = REFORM_EVE
    rows_by_new = {}
    placements = {}
    for row in conversion:
        rows_by_new.setdefault(row["new_code"], []).append(row)
        if row["old_code"]:
            placements[row["old_code"]] = placements.get(row["old_code"], 0) + 1
    for code, rows in rows_by_new.items():
        first = rows[0]
        preds, others = [], []
        for row in rows:
            if not row["old_code"]:
                others.append(row["old_name"])
                continue
            if row["old_code"] not in current:
                raise SystemExit(f"conversion: {row['old_code']} is not in force on {REFORM_EVE}")
            whole = row["change"] in WHOLE and placements[row["old_code"]] == 1
            share = "w" if whole else "p"
            if (row["old_code"], share) not in preds:
                preds.append((row["old_code"], share))
        note = ("also formed from: " + "; ".join(others)) if others else ""
        units.append({
            "code": code, "from": REFORM_DAY, "to": "", "type": type_of_name(first["new_name"]),
            "name": first["new_name"], "district": None,
            "province": (first["new_province_code"], first["new_province_name"]),
            "preds": sorted(preds), "unknown": False, "note": note,
        })
    return units


def render(units, folder):
    def order(unit):
        # Before the start, then a window's first day (after its opening date), then dates.
        begins = unit["from"]
        if begins.startswith("~"):
            begins = WINDOW[1] + "~"
        return (unit["code"], begins or "0")
    units = sorted(units, key=order)
    provinces = sorted({u["province"] for u in units})
    districts = sorted({u["district"] for u in units if u["district"]})
    p_index = {p: i for i, p in enumerate(provinces)}
    d_index = {d: i for i, d in enumerate(districts)}
    lines = [
        "# ytxa registry of commune-level units, format 1. Generated by Criteria/units/generate.py;",
        "# do not edit by hand. Columns: Documentation/UnitRegistry.md.",
    ]
    for key in ("2023", "2025", "merges", "conversion"):
        lines.append(f"# source {FILES[key]} sha256 {sha256(folder, key)}")
    lines.append(f"S\t{START}")
    lines.append(f"W\t{WINDOW[0]}\t{WINDOW[1]}\t{WINDOW[2]}")
    lines += [f"P\t{code}\t{name}" for code, name in provinces]
    lines += [f"D\t{code}\t{name}" for code, name in districts]
    for u in units:
        preds = ",".join(f"{code}:{share}" for code, share in u["preds"])
        if u["unknown"]:
            preds = preds + ",?" if preds else "?"
        district = str(d_index[u["district"]]) if u["district"] else ""
        lines.append("\t".join([
            "U", u["code"], u["from"], u["to"], u["type"], u["name"], district,
            str(p_index[u["province"]]), preds, u["note"]]))
    return "\n".join(lines) + "\n"


def main(argv):
    check = "--check" in argv
    rest = [a for a in argv if a != "--check"]
    folder = rest[0] if rest else os.path.join(os.path.dirname(ROOT), "shared", "reference", "units")
    text = render(build(folder), folder)
    if check:
        with open(OUTPUT, encoding="utf-8") as handle:
            if handle.read() != text:
                print(f"{OUTPUT} differs from what {folder} generates; run "
                      "python3 Criteria/units/generate.py and commit it", file=sys.stderr)
                return 1
        print(f"{OUTPUT} is up to date")
        return 0
    with open(OUTPUT + ".tmp", "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    os.replace(OUTPUT + ".tmp", OUTPUT)
    print(f"wrote {OUTPUT}: {text.count(chr(10) + 'U' + chr(9))} units, {len(text.encode())} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

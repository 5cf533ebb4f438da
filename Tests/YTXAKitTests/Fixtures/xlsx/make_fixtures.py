#!/usr/bin/env python3
"""Makes the .xlsx fixtures of XLSXWorkbookTests with openpyxl (a writer independent of ytxa's):
pip install openpyxl, then from the repository root

    python3 Tests/YTXAKitTests/Fixtures/xlsx/make_fixtures.py
"""
import os
import zipfile

import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Số liệu"
    sheet.append(["year", "commune_code", "commune_name", "1", "3_num", "3_den", "5"])
    sheet.append([2025, "07336", "Xã Cao Xá", "kien_toan;hop_dinh_ky", 9650, 10000, True])
    sheet.append([2025, "07210", "Phường Bắc Giang & <Đa Mai>", None, 95.2, 100, False])
    # Row 4 left empty; row 5 with a gap in column C.
    sheet["A5"] = 2026
    sheet["B5"] = "00004"
    sheet["D5"] = "  có khoảng trắng  "
    # A stray value far past the header's last column (G).
    sheet["J2"] = "lạc chỗ"
    notes = book.create_sheet("Ghi chú")
    notes["A1"] = "Trang giải thích"
    book.save(os.path.join(HERE, "openpyxl.xlsx"))
    excel_style()
    template_filled()
    libreoffice_filled()


def template_filled():
    """The CSV template (`ytxa template --format csv`, read from the debug build) filled for two
    invented communes, saved both as CSV and as a workbook whose numbers are number cells and
    whose codes are text: `ytxa batch` must score both alike."""
    import csv
    import io
    import subprocess
    root = os.path.join(HERE, "..", "..", "..", "..")
    text = subprocess.run([os.path.join(root, ".build", "debug", "ytxa"), "template", "--format",
                           "csv", "--headers", "keys"],
                          capture_output=True, check=True).stdout.decode("utf-8-sig")
    header, example = list(csv.reader(io.StringIO(text)))[:2]
    rows = []
    for code, name in (("50001", "Xã Thử Một"), ("50002", "Phường Thử Hai")):
        row = list(example)
        row[header.index("commune_code")] = code
        row[header.index("commune_name")] = name
        row[header.index("year")] = "2025"
        rows.append(row)
    rows[1][header.index("3_num")] = "85"  # a weaker ratio for the second commune
    with open(os.path.join(HERE, "template-filled.csv"), "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([header] + rows)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Số liệu"
    sheet.append(header)
    text_columns = {"commune_code", "commune_name", "district_code", "district_name",
                    "province_code", "province_name", "criteria_set", "commune_type", "region"}
    for row in rows:
        cells = []
        for column, value in zip(header, row):
            if column not in text_columns and value.replace(".", "", 1).isdigit():
                cells.append(float(value) if "." in value else int(value))
            else:
                cells.append(value if value != "" else None)
        sheet.append(cells)
    book.save(os.path.join(HERE, "template-filled.xlsx"))


def libreoffice_filled():
    """The .xlsx template (`ytxa template --format xlsx`, debug build) filled as a district
    officer would, with the evidence of the twelve 2025 samples (Samples/bac-giang/2025), then
    opened and saved by LibreOffice Calc (`soffice --headless --convert-to xlsx`), which writes
    shared strings, its own styles and the cached values of formulas. On the way: yes/no and
    choices picked from the lists, documents joined by '|', not applicable as 'KAD: reason', one
    numerator as a formula (=9600+50), the measure of one commune as text with a decimal comma
    ("520,0"), and one commune code typed as a number (7336, its zero lost). `ytxa check` on it
    must give what it gives on the JSON files."""
    import glob
    import json
    import shutil
    import subprocess
    import tempfile
    root = os.path.join(HERE, "..", "..", "..", "..")
    work = tempfile.mkdtemp()
    template = os.path.join(work, "template.xlsx")
    with open(template, "wb") as out:
        subprocess.run([os.path.join(root, ".build", "debug", "ytxa"), "template", "--format",
                        "xlsx"], stdout=out, check=True)
    book = openpyxl.load_workbook(template)
    sheet = book.worksheets[0]
    keys = [cell.value for cell in sheet[2]]
    sheet.delete_rows(3, sheet.max_row)  # the example row
    samples = sorted(glob.glob(os.path.join(root, "Samples", "bac-giang", "2025", "*.json")))
    for number, path in enumerate(samples, start=3):
        with open(path, encoding="utf-8") as f:
            evidence = json.load(f)
        commune = evidence["commune"]
        cells = {
            "year": evidence["year"], "assessed_on": evidence.get("assessedOn"),
            "criteria_set": evidence["criteriaSet"], "commune_code": commune["code"],
            "commune_name": commune["name"], "commune_type": commune["type"],
            "zone": commune["zone"], "region": commune["region"],
            "district_code": commune.get("district", {}).get("code"),
            "district_name": commune.get("district", {}).get("name"),
            "province_code": commune["province"]["code"],
            "province_name": commune["province"]["name"],
        }
        for key, value in evidence["evidence"].items():
            if value is None:
                continue
            if isinstance(value, bool):
                cells[key] = "có" if value else "không"
            elif isinstance(value, list):
                cells[key] = ";".join(value) if value else "-"
            elif isinstance(value, dict) and "notApplicable" in value:
                column = key + "_num" if key + "_num" in keys else key
                cells[column] = "KAD: " + value["notApplicable"]
            elif isinstance(value, dict):
                cells[key + "_num"] = value["numerator"]
                cells[key + "_den"] = value["denominator"]
            else:
                cells[key] = value
        for key, names in evidence.get("documents", {}).items():
            cells[key + "_docs"] = "|".join(names)
        if commune["code"] == "07336":
            cells["commune_code"] = 7336  # typed into a cell that was not text
            cells["3_num"] = "=9600+50"
            cells["11"] = "520,0"
        for column, key in enumerate(keys, start=1):
            if cells.get(key) is not None:
                sheet.cell(row=number, column=column, value=cells[key])
    filled = os.path.join(work, "filled.xlsx")
    book.save(filled)
    saved = os.path.join(work, "saved")
    subprocess.run(["soffice", "--headless", "--convert-to", "xlsx:Calc MS Excel 2007 XML",
                    "--outdir", saved, filled], check=True, capture_output=True)
    shutil.copy(os.path.join(saved, "filled.xlsx"), os.path.join(HERE, "libreoffice-filled.xlsx"))
    shutil.rmtree(work)


def excel_style():
    """What Excel writes and openpyxl does not: shared strings (one in rich-text runs, one with
    a phonetic run), a formula with its cached value, prefixed element names, an absolute
    relationship target, cells without `r`. Written part by part with zipfile."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><x:workbook xmlns:x="{main}" '
        f'xmlns:r="{rels}"><x:sheets><x:sheet name="Bảng 1" sheetId="1" r:id="rId7"/>'
        '</x:sheets></x:workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships '
        'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
        'Id="rId7" Type="worksheet" Target="/xl/worksheets/data.xml"/></Relationships>',
        "xl/sharedStrings.xml": f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{main}" '
        'count="3" uniqueCount="3"><si><t>commune_code</t></si><si><r><rPr><b/></rPr><t>Xã '
        '</t></r><r><t>Cao Xá</t></r></si><si><t>07336</t><rPh sb="0" eb="1"><t>x</t></rPh>'
        '</si></sst>',
        "xl/worksheets/data.xml": f'<?xml version="1.0" encoding="UTF-8"?><worksheet '
        f'xmlns="{main}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c t="str"><f>'
        'CONCAT("a","b")</f><v>ab</v></c></row><row><c r="A2" t="s"><v>2</v></c><c r="B2" '
        't="s"><v>1</v></c><c r="C2"><f>1+1</f><v>2</v></c><c r="D2" t="e"><v>#DIV/0!</v></c>'
        '<c r="AA2"><v>1.5</v></c></row></sheetData></worksheet>',
    }
    with zipfile.ZipFile(os.path.join(HERE, "excel-style.xlsx"), "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text.encode())


if __name__ == "__main__":
    main()

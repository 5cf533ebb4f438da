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


def template_filled():
    """The CSV template (`ytxa template --format csv`, read from the debug build) filled for two
    invented communes, saved both as CSV and as a workbook whose numbers are number cells and
    whose codes are text: `ytxa batch` must score both alike."""
    import csv
    import io
    import subprocess
    root = os.path.join(HERE, "..", "..", "..", "..")
    text = subprocess.run([os.path.join(root, ".build", "debug", "ytxa"), "template", "--format",
                           "csv"], capture_output=True, check=True).stdout.decode("utf-8-sig")
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

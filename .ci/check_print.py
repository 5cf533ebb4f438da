#!/usr/bin/env python3
"""Prints ytxa's HTML reports of the samples to A4 PDF in headless Chromium and checks what a
person would see (issues 15 and 26): every page numbered ("Trang N/M"), no word outside its page
(Chromium's own layout, read back from the PDF's word boxes), each commune sheet of the district
dossier starting on its own page with the commune's name at its top, each sheet's table of
criteria on one page, and at a phone's width (390 px) no sideways scrolling of the page. The
council's papers and the roadmap report as documents signed and sent (issue 26): the formal
header, blanks, proposals, sources on the last page; the plan's title heading every page, every
year table under its heading, the signature block.

Usage: python3 .ci/check_print.py path/to/ytxa [--keep DIR]
Needs chromium and poppler-utils (pdftotext); .ci/run installs them when missing.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLES = os.path.join(ROOT, "Samples", "bac-giang")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer"]


def run(command, **options):
    return subprocess.run(command, capture_output=True, timeout=180, **options)


def reports(binary, folder):
    """The reports to check, written into `folder`: name -> path."""
    made = {}

    def write(name, arguments):
        path = os.path.join(folder, name)
        with open(path, "wb") as handle:
            handle.write(run([binary] + arguments).stdout)
        made[name] = path

    year = os.path.join(SAMPLES, "2025")
    write("dossier.html", ["check", year, "--format", "html", "--issued", "2026-01-15"])
    write("sheet.html", ["check", os.path.join(year, "07885.json"), "--format", "html",
                         "--issued", "2026-01-15"])
    write("score.html", ["score", year, "--format", "html", "--issued", "2026-01-15"])
    write("roadmap.html", ["roadmap", "--evidence", SAMPLES, "--format", "html"])
    write("council.html", ["council", year, "--history", SAMPLES, "--round", "2025-06",
                           "--issued", "2026-01-15"])
    write("plan.html", ["plan", "--plan", "phong-tho-2024", "--evidence",
                        os.path.join(os.path.dirname(SAMPLES), "phong-tho"), "--format", "html"])
    out = os.path.join(folder, "batch")
    run([binary, "batch", SAMPLES, "--out", out])
    made["batch.html"] = os.path.join(out, "report.html")
    return made


def pdf(html, folder):
    path = os.path.join(folder, os.path.basename(html) + ".pdf")
    run([CHROMIUM] + FLAGS + ["--print-to-pdf=" + path, "file://" + html])
    if not os.path.exists(path):
        sys.exit(f"{html}: Chromium printed no PDF")
    return path


def pages(path, header):
    """Each page's text, the running header (the document's title) taken off its top."""
    text = run(["pdftotext", "-layout", path, "-"]).stdout.decode("utf-8")
    texts = text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")
    stripped = []
    for page in texts:
        lines = page.lstrip("\n").split("\n")
        if lines and lines[0].strip() == header:
            lines = lines[1:]
        else:
            stripped.append(None)
            continue
        stripped.append("\n".join(lines))
    return stripped, texts


def title(html):
    with open(html, encoding="utf-8") as handle:
        found = re.search(r"<title>(.*?)</title>", handle.read())
    return found.group(1).replace("&amp;", "&") if found else ""


def overflowing_words(path):
    """Words whose box passes the page's right or bottom edge."""
    box = run(["pdftotext", "-bbox", path, "-"]).stdout.decode("utf-8")
    problems = []
    for number, page in enumerate(re.findall(r"<page width=\"([\d.]+)\" height=\"([\d.]+)\">(.*?)</page>",
                                             box, re.S), start=1):
        width, height, words = float(page[0]), float(page[1]), page[2]
        for x_max, y_max, word in re.findall(
                r"xMax=\"([\d.]+)\" yMax=\"([\d.]+)\">([^<]*)</word>", words):
            if float(x_max) > width + 0.5 or float(y_max) > height + 0.5:
                problems.append(f"page {number}: '{word}' ends at {x_max},{y_max}")
    return problems


def phone_width(html, folder):
    """The page's scroll width and client width in a 390 px frame."""
    frame = os.path.join(folder, "frame-" + os.path.basename(html))
    with open(frame, "w", encoding="utf-8") as handle:
        handle.write(
            "<!DOCTYPE html><html><head><title>-</title></head><body style=\"margin:0\">"
            f"<iframe id=\"f\" src=\"file://{html}\" style=\"width:390px;height:800px;border:0\">"
            "</iframe><script>document.getElementById('f').addEventListener('load',function(){"
            "var d=document.getElementById('f').contentDocument.documentElement;"
            "document.title=d.scrollWidth+'/'+d.clientWidth});</script></body></html>")
    dom = run([CHROMIUM] + FLAGS + ["--allow-file-access-from-files",
                                    "--virtual-time-budget=5000", "--dump-dom",
                                    "file://" + frame]).stdout.decode("utf-8")
    found = re.search(r"<title>(\d+)/(\d+)</title>", dom)
    if not found:
        sys.exit(f"{html}: could not measure the page at 390 px")
    return int(found.group(1)), int(found.group(2))


def check(name, html, folder):
    failures = []
    path = pdf(html, folder)
    sheets, raw = pages(path, title(html))
    total = len(sheets)
    for number, text in enumerate(raw, start=1):
        if f"Trang {number}/{total}" not in text:
            failures.append(f"page {number} has no 'Trang {number}/{total}'")
        if sheets[number - 1] is None:
            failures.append(f"page {number} has no running header (the title)")
    sheets = [text or "" for text in sheets]
    failures += overflowing_words(path)
    scroll, client = phone_width(html, folder)
    if scroll > client:
        failures.append(f"at 390 px the page scrolls sideways ({scroll} px wide in {client})")
    if name in ("dossier.html", "sheet.html"):
        failures += sheet_checks(name, sheets)
    if name == "council.html":
        failures += council_checks(sheets)
    if name == "roadmap.html":
        failures += roadmap_checks(title(html), sheets)
    status = "ok" if not failures else "FAILED"
    print(f"{name}: {total} A4 pages, {scroll}/{client} px at 390: {status}")
    return [f"{name}: {failure}" for failure in failures]


def council_checks(sheets):
    """Papers a secretary signs (issue 26): each minutes on its own page under the motto, with
    its blanks, a proposal and a closing line; no file path or digest before the last page,
    which lists the sources."""
    failures = []
    starts = [text for text in sheets if "BIÊN BẢN THẨM ĐỊNH" in text]
    if len(starts) != 12 or not all("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
                                    for text in starts):
        failures.append(f"{len(starts)} minutes begin a page under the national motto, "
                        "expected 12")
    whole = "\n".join(sheets)
    for words, count in [("Thời gian: …… giờ", 12), ("Địa điểm: ……", 12),
                         ("Thành viên Hội đồng có mặt:", 12), ("Biên bản kết thúc lúc", 12)]:
        found = whole.count(words)
        if found != count:
            failures.append(f"'{words}' is printed {found} times, expected {count}")
    if not all("Đề nghị" in text for text in starts):
        failures.append("a minutes has no proposal ('Đề nghị') on its first page")
    if "Kính gửi: Ủy ban nhân dân tỉnh" not in whole or "đợt tháng 6 năm 2025" not in whole:
        failures.append("the summary does not name the province in 'Kính gửi' or the round in "
                        "words")
    if "Nguồn dữ liệu" not in sheets[-1] or "SHA-256" not in sheets[-1]:
        failures.append("the last page is not 'Nguồn dữ liệu' with the files' SHA-256")
    for number, text in enumerate(sheets[:-1], start=1):
        if "SHA-256" in text or ".json" in text:
            failures.append(f"page {number}: a file path or a digest in the body of the papers")
            break
    return failures


def roadmap_checks(header, sheets):
    """The roadmap as a report: the plan's title (not its id) heading every page, the formal
    header, the merge policy in words, the key to the columns, every year table under a
    heading on its page, and the signature block."""
    failures = []
    if "bac-giang-kh115" in header or "Kế hoạch" not in header:
        failures.append(f"the running header is '{header}', not the plan's title")
    first = sheets[0]
    for words in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BÁO CÁO", "Cột: KH ="]:
        if words not in first:
            failures.append(f"page 1 lacks '{words}'")
    whole = "\n".join(sheets)
    if "--on-merge" in whole:
        failures.append("the command-line option --on-merge is printed in the report")
    if "GIÁM ĐỐC" not in sheets[-1] or "Nơi nhận" not in sheets[-1]:
        failures.append("the last page has no recipients and signature block")
    for number, text in enumerate(sheets, start=1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        heading = False
        for line in lines:
            if re.search(r"(— \d+ xã|theo năm)$", line):
                heading = True
            elif re.match(r"^Năm\s+KH\s+Lũy kế", line):
                if not heading:
                    failures.append(f"page {number}: a year table without its heading above it")
                heading = False
    return failures


def sheet_checks(name, sheets):
    """Each sheet starts a page with its title then its commune; its criteria stay together."""
    failures = []
    title = "Phiếu tự kiểm tra xã đạt chuẩn quốc gia về y tế"
    starts = [index for index, text in enumerate(sheets) if text.strip().startswith(title)]
    expected = 12 if name == "dossier.html" else 1
    if len(starts) != expected:
        failures.append(f"{len(starts)} sheets start at the top of a page, expected {expected}")
    for index in starts:
        lines = [line.strip() for line in sheets[index].splitlines() if line.strip()]
        if len(lines) < 2 or not re.match(r"^(Xã|Phường|Thị trấn) .+ \(\d{5}\)", lines[1]):
            failures.append(f"page {index + 1}: the commune is not named under the title")
    for index, text in enumerate(sheets):
        if "Điểm theo tiêu chí" in text and "10. Ứng dụng công nghệ thông tin" not in text:
            failures.append(f"page {index + 1}: the table of criteria is split across pages")
    if name == "dossier.html" and not sheets[0].strip().startswith("Danh sách tự kiểm tra"):
        failures.append("page 1 is not the overview")
    return failures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--keep", help="a folder to keep the PDFs in")
    options = parser.parse_args()
    folder = options.keep or tempfile.mkdtemp(prefix="ytxa-print-")
    os.makedirs(folder, exist_ok=True)
    failures = []
    for name, html in reports(os.path.abspath(options.binary), folder).items():
        failures += check(name, html, folder)
    if not options.keep:
        shutil.rmtree(folder)
    if failures:
        sys.exit("print check failed:\n  " + "\n  ".join(failures))
    print("print check passed")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Makes the zip fixtures of ZipArchiveTests with Python's zipfile (an implementation
independent of ytxa's). Run from the repository root:

    python3 Tests/YTXAKitTests/Fixtures/zip/make_fixtures.py
"""
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
SHEET = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet>'
         + "".join(f'<row r="{n}"><c r="A{n}" t="s"><v>{n}</v></c></row>' for n in range(1, 400))
         + "</worksheet>").encode()


def path(name):
    return os.path.join(HERE, name)


def main():
    with zipfile.ZipFile(path("ok.zip"), "w") as archive:
        archive.writestr(zipfile.ZipInfo("a.txt"), b"stored as it is\n", zipfile.ZIP_STORED)
        archive.writestr("xl/worksheets/sheet1.xml", SHEET, zipfile.ZIP_DEFLATED)
        archive.writestr("thư mục/tệp.txt", "Xã Cao Xá\n".encode(), zipfile.ZIP_DEFLATED)
        archive.writestr("empty.txt", b"", zipfile.ZIP_DEFLATED)
        archive.comment = b"a comment after the directory"
    with open(path("sheet1.xml"), "wb") as handle:
        handle.write(SHEET)
    with zipfile.ZipFile(path("climbs-out.zip"), "w") as archive:
        archive.writestr("../evil.txt", b"x")
    # force_zip64 puts a ZIP64 extra field in the local header only; the central directory keeps
    # plain sizes, so this one is readable (a directory deferring to ZIP64 is refused; the test
    # makes one by patching ok.zip).
    with zipfile.ZipFile(path("zip64.zip"), "w", allowZip64=True) as archive:
        with archive.open("big.txt", "w", force_zip64=True) as entry:
            entry.write(b"small, but written as ZIP64")
    with zipfile.ZipFile(path("duplicate.zip"), "w") as archive:
        archive.writestr("a.txt", b"one")
        archive.writestr("a.txt", b"two")
    # 20 MiB of zeros deflate to about 20 KiB: a bomb for a reader with a smaller limit.
    with zipfile.ZipFile(path("bomb.zip"), "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.bin", bytes(20 << 20))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Builds and runs the README's "Library" example as a separate package that depends on ytxa
(so only the public API is visible, no @testable), on a sample evidence file, in a scratch
folder.

Usage, from the repository root: python3 .ci/check_library.py
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PACKAGE = """// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "library-example",
  dependencies: [.package(path: {root})],
  targets: [
    .executableTarget(
      name: "example", dependencies: [.product(name: "YTXAKit", package: {identity})])
  ]
)
"""


def quoted(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as handle:
        readme = handle.read()
    section = readme[readme.index("## Library"):]
    code = re.search(r"```swift\n(.*?)```", section, re.S).group(1)
    sample = os.path.join(ROOT, "Samples", "bac-giang", "2025", "07336.json")
    # The example's `bytes` are a sample's; what it computes is printed so that it is used.
    code = code.replace(
        "import YTXAKit\n",
        "import Foundation\nimport YTXAKit\n\nlet bytes = Array(try Data(contentsOf: "
        f"URL(fileURLWithPath: {quoted(sample)})))\n", 1)
    code += 'print(json.isEmpty ? "no JSON" : "JSON ok", text.isEmpty ? "no text" : "text ok")\n'
    work = tempfile.mkdtemp(prefix="ytxa-library-")
    try:
        os.makedirs(os.path.join(work, "Sources", "example"))
        with open(os.path.join(work, "Package.swift"), "w", encoding="utf-8") as handle:
            handle.write(PACKAGE.format(
                root=quoted(ROOT), identity=quoted(os.path.basename(ROOT).lower())))
        with open(os.path.join(work, "Sources", "example", "main.swift"), "w",
                  encoding="utf-8") as handle:
            handle.write(code)
        run = subprocess.run(["swift", "run", "--package-path", work, "example"],
                             capture_output=True, text=True)
    finally:
        shutil.rmtree(work)
    if run.returncode != 0 or "JSON ok" not in run.stdout or "text ok" not in run.stdout:
        sys.exit(f"the README's library example failed:\n{run.stdout}\n{run.stderr}")
    print("the README's library example builds against the public API and runs:",
          run.stdout.splitlines()[0])


if __name__ == "__main__":
    main()

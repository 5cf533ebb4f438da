#!/usr/bin/env python3
"""The commune's work in a real browser (issue 29): headless Chromium driven by Selenium through
`ytxa serve`'s pages: sign in as a commune, download the template, fill it with openpyxl, upload
it, read the verdict on the pre-check sheet, see it listed; a second commune is refused the first
one's address; a POST without the CSRF token is refused; every page fits a phone's 390 px without
sideways scrolling. Screenshots of each page go to --shots (Documentation/ when refreshed).

    python3 .ci/browser.py .build/release/ytxa [--shots FOLDER]

Needs chromium, chromium-driver, and Python's selenium and openpyxl (CI installs them).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import openpyxl
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Failure(Exception):
    pass


def expect(condition, what):
    if not condition:
        raise Failure(what)


def table_values(evidence):
    """The sample's evidence as the table's keys and cells (as a department would type them)."""
    row = {}
    for key, value in evidence["evidence"].items():
        if isinstance(value, dict) and "numerator" in value:
            row[key + "_num"], row[key + "_den"] = value["numerator"], value["denominator"]
        elif isinstance(value, dict):
            row[key + "_num"] = "KAD: " + value.get("notApplicable", "")
        elif isinstance(value, bool):
            row[key] = 1 if value else 0
        elif isinstance(value, list):
            row[key] = ";".join(value) if value else "-"
        else:
            row[key] = value
    for key, value in evidence.get("documents", {}).items():
        row[key + "_docs"] = "|".join(value)
    return row


def fill(template, out, evidence):
    """Fills the commune's row of the downloaded template: the zone and every indicator."""
    book = openpyxl.load_workbook(template)
    sheet = book.worksheets[0]
    keys = [cell.value for cell in sheet[2]]
    values = table_values(evidence)
    values["zone"] = evidence["commune"]["zone"]
    values["assessed_on"] = "01/12/2026"
    for column, key in enumerate(keys, start=1):
        if key in values:
            sheet.cell(row=3, column=column, value=values[key])
    book.save(out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--shots", default=None)
    options = parser.parse_args()
    binary = os.path.abspath(options.binary)
    work = tempfile.mkdtemp(prefix="ytxa-browser-")
    shots = options.shots or os.path.join(work, "shots")
    os.makedirs(shots, exist_ok=True)
    store = os.path.join(work, "store")
    downloads = os.path.join(work, "downloads")
    os.makedirs(downloads)
    subprocess.run([binary, "serve", "init", "--data", store, "--province", "24"],
                   input=b"admin password 123\n", capture_output=True, check=True)
    for name, unit in (("xa07339", "07339"), ("xa07210", "07210")):
        subprocess.run([binary, "serve", "user", "add", "--data", store, "--name", name, "--role",
                        "commune", "--unit", unit], input=f"password {name}\n".encode(),
                       capture_output=True, check=True)
    server = subprocess.Popen([binary, "serve", "--data", store, "--listen", "127.0.0.1:0"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    port = int(re.search(rb":(\d+)/", server.stdout.readline()).group(1))
    base = f"http://127.0.0.1:{port}"
    chrome = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--lang=vi",
                     "--window-size=1100,900"):
        chrome.add_argument(argument)
    chrome.add_experimental_option("prefs", {
        "download.default_directory": downloads, "download.prompt_for_download": False})
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    browser = webdriver.Chrome(service=Service(driver_path), options=chrome)
    browser.implicitly_wait(5)

    def shot(name):
        browser.save_screenshot(os.path.join(shots, name))

    def fits_phone(label):
        browser.set_window_size(390, 844)
        time.sleep(0.2)
        wide = browser.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        browser.set_window_size(1100, 900)
        expect(wide <= 0, f"{label}: scrolls sideways by {wide} px at 390 px")

    def wait_for(predicate, what, seconds=10):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if predicate():
                return
            time.sleep(0.1)
        raise Failure(what)

    def sign_in(name, password):
        browser.get(base + "/login")
        browser.find_element(By.NAME, "username").send_keys(name)
        browser.find_element(By.NAME, "password").send_keys(password)
        browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()

    try:
        browser.get(base + "/login")
        expect("Đăng nhập" in browser.page_source, "the sign-in page is not in Vietnamese")
        fits_phone("sign-in page")
        shot("serve-login.png")
        sign_in("xa07339", "password xa07339")
        wait_for(lambda: "xa07339" in browser.page_source,
                 "signed in: the home page does not name the account")
        fits_phone("home page")
        shot("serve-home.png")
        # The template of the unit, downloaded by its link, filled with openpyxl.
        browser.find_element(By.CSS_SELECTOR, "a[href='/api/template.xlsx']").click()
        template = os.path.join(downloads, "ytxa-07339.xlsx")
        for _ in range(100):
            if os.path.exists(template):
                break
            time.sleep(0.1)
        expect(os.path.exists(template), "the template was not downloaded")
        sample = json.load(open(os.path.join(ROOT, "Samples/bac-giang/2025/07336.json"),
                                encoding="utf-8"))
        filled = os.path.join(work, "07339-filled.xlsx")
        fill(template, filled, sample)
        # Uploaded through the page's form: the pre-check sheet with its verdict.
        browser.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(filled)
        browser.find_element(By.CSS_SELECTOR, "form[action='/submissions'] button").click()
        wait_for(lambda: "/submissions/" in browser.current_url,
                 f"after the upload: {browser.current_url}: {browser.page_source[:300]}")
        sheet = browser.page_source
        expect("Xã Tân Yên" in sheet, "the sheet does not name the commune")
        verdict = re.search(r"(ĐẠT|CHƯA ĐẠT|Đạt|Chưa đạt)", sheet)
        expect(verdict is not None, "the sheet shows no verdict")
        submission = browser.current_url
        fits_phone("pre-check sheet")
        shot("serve-sheet.png")
        browser.get(base + "/")
        expect("Xã" in browser.page_source or "07339" in browser.page_source,
               "the home page does not list the submission")
        expect(submission.rsplit("/", 1)[1] in browser.page_source,
               "the home page does not link the submission")
        fits_phone("home page with a submission")
        shot("serve-submissions.png")
        # A POST without the CSRF token (a form made in the page, without its field): refused.
        browser.execute_script(
            "var f = document.createElement('form'); f.method = 'post'; f.action = '/logout';"
            "document.body.appendChild(f); f.submit();")
        wait_for(lambda: "CSRF" in browser.page_source, "a POST without its token was not refused")
        # Signing out, then a second commune: the first one's sheet is not found.
        browser.get(base + "/")
        browser.find_element(By.CSS_SELECTOR, "form[action='/logout'] button").click()
        wait_for(lambda: "/login" in browser.current_url,
                 "signing out did not return to the sign-in page")
        sign_in("xa07210", "password xa07210")
        wait_for(lambda: "xa07210" in browser.page_source, "the second commune could not sign in")
        browser.get(submission)
        expect("Không có hồ sơ này" in browser.page_source,
               "a second commune reached the first one's sheet")
        shot("serve-refused.png")
        browser.get(submission.replace("/submissions/", "/api/submissions/") + "/file")
        expect("Không có hồ sơ này" in browser.page_source,
               "a second commune reached the first one's file")
    except Failure as failure:
        print(f"browser: {failure}", file=sys.stderr)
        shot("failure.png")
        print(f"browser: screenshots kept in {shots}", file=sys.stderr)
        browser.quit()
        server.kill()
        return 1
    finally:
        pass
    browser.quit()
    server.kill()
    server.wait()
    check = subprocess.run([binary, "serve", "check", "--data", store, "--lang", "en"],
                           capture_output=True, text=True)
    print("browser: sign-in, template, filled upload, verdict, listing, CSRF refusal, another "
          "commune refused, 390 px without sideways scrolling: all as expected; "
          + check.stdout.strip().splitlines()[-1])
    if options.shots is None:
        shutil.rmtree(work)
    return 0 if check.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

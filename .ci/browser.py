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
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

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


def province_round(browser, base, binary, store, work, downloads, first, shot, fits_phone,
                   wait_for, sign_in):
    """Issue 30: the province opens a round, two communes submit, one is returned and
    resubmits, the council reads, the round closes, the papers are the council command's bytes,
    the filled draft rows become decisions, the roadmap page agrees with the command on the
    export."""
    month = "2026-12"
    deadline = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()

    def sign_out():
        browser.get(base + "/")
        browser.find_element(By.CSS_SELECTOR, "form[action='/logout'] button").click()
        wait_for(lambda: "/login" in browser.current_url, "signing out failed")

    def fetch(path):
        cookie = browser.get_cookie("ytxa_session")["value"]
        request = urllib.request.Request(base + path, headers={"Cookie": "ytxa_session=" + cookie})
        with urllib.request.urlopen(request) as answer:
            return answer.read()

    def submit_to_round(name):
        sign_in(name, "password " + name)
        wait_for(lambda: name in browser.page_source, f"{name} could not sign in")
        browser.get(base + "/rounds/" + month)
        browser.find_element(By.CSS_SELECTOR, f"form[action='/rounds/{month}/submit'] button").click()
        wait_for(lambda: "đã nộp" in browser.page_source, f"{name}: the submission is not shown")

    # The province opens the round.
    sign_out()
    sign_in("so", "password so")
    wait_for(lambda: "Sở Y tế" in browser.page_source, "the province could not sign in")
    browser.get(base + "/rounds")
    browser.find_element(By.NAME, "round").send_keys(month)
    browser.find_element(By.NAME, "deadline").send_keys(deadline)
    browser.find_element(By.CSS_SELECTOR, "form[action='/rounds'] button").click()
    wait_for(lambda: browser.current_url.endswith("/rounds/" + month),
             f"opening the round: {browser.page_source[:300]}")
    browser.get(base + "/rounds")
    expect("đang mở" in browser.page_source, "the round is not listed as open")
    fits_phone("rounds")
    shot("serve-rounds.png")
    sign_out()
    # The first commune submits its upload; the second uploads its own and submits.
    submit_to_round("xa07339")
    sign_out()
    sign_in("xa07210", "password xa07210")
    wait_for(lambda: "xa07210" in browser.page_source, "the second commune could not sign in")
    for old in os.listdir(downloads):
        os.remove(os.path.join(downloads, old))
    browser.find_element(By.CSS_SELECTOR, "a[href='/api/template.xlsx']").click()
    template = os.path.join(downloads, "ytxa-07210.xlsx")
    wait_for(lambda: os.path.exists(template), "the second template was not downloaded")
    time.sleep(0.3)
    sample = json.load(open(os.path.join(ROOT, "Samples/bac-giang/2025-12/07210.json"),
                            encoding="utf-8"))
    filled = os.path.join(work, "07210-filled.xlsx")
    fill(template, filled, sample)
    browser.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(filled)
    browser.find_element(By.CSS_SELECTOR, "form[action='/submissions'] button").click()
    wait_for(lambda: "/submissions/" in browser.current_url, "the second upload failed")
    second = browser.current_url.rsplit("/", 1)[1]
    sign_out()
    submit_to_round("xa07210")
    sign_out()
    # The province sees both, closest to passing first, and returns the second with a comment.
    sign_in("so", "password so")
    wait_for(lambda: "Sở Y tế" in browser.page_source, "the province could not sign in again")
    browser.get(base + "/rounds/" + month)
    page = browser.page_source
    expect("07339" in page and "07210" in page, "the overview does not list both communes")
    fits_phone("round overview")
    shot("serve-round.png")
    form = browser.find_element(By.XPATH, f"//input[@value='{second}']/..")
    form.find_element(By.NAME, "comment").send_keys("Thiếu biên bản họp của Ban chỉ đạo")
    form.find_element(By.TAG_NAME, "button").click()
    wait_for(lambda: "Đã trả lại" in browser.page_source, "the return is not shown")
    sign_out()
    sign_in("xa07210", "password xa07210")
    wait_for(lambda: "xa07210" in browser.page_source, "the second commune could not sign in")
    browser.get(base + "/rounds/" + month)
    expect("Thiếu biên bản họp" in browser.page_source, "the commune does not see the comment")
    fits_phone("the commune's round")
    shot("serve-returned.png")
    browser.find_element(By.CSS_SELECTOR, f"form[action='/rounds/{month}/submit'] button").click()
    wait_for(lambda: browser.page_source.count("đã nộp") >= 1, "the resubmission is not shown")
    sign_out()
    # The council reads, and may change nothing.
    sign_in("hd", "password hd")
    wait_for(lambda: "Hội đồng" in browser.page_source, "the council could not sign in")
    browser.get(base + "/rounds/" + month)
    expect("07210" in browser.page_source and "Trả lại" not in browser.page_source,
           "the council's view is wrong")
    browser.execute_script(
        f"var f = document.createElement('form'); f.method = 'post'; f.action = '/rounds/{month}/close';"
        "document.body.appendChild(f); f.submit();")
    wait_for(lambda: "không được làm việc đó" in browser.page_source,
             "a council account's POST was not refused")
    council_papers = fetch(f"/api/rounds/{month}/papers.html")
    sign_out()
    # The province: the papers are the council command's bytes; it closes the round.
    sign_in("so", "password so")
    wait_for(lambda: "Sở Y tế" in browser.page_source, "the province could not sign in")
    overview = json.loads(fetch(f"/api/rounds/{month}"))
    current = [entry["id"] for entry in overview["submissions"] if entry["state"] == "submitted"]
    expect(len(current) == 2, f"the round holds {overview}")
    papers = fetch(f"/api/rounds/{month}/papers.html")
    command = subprocess.run(
        [binary, "council", "--round", month, "--register", "register"]
        + [f"submissions/{entry}.xlsx" for entry in current], cwd=store, capture_output=True)
    expect(papers == command.stdout and papers == council_papers,
           "the papers are not what ytxa council prints for the round's files")
    browser.get(base + f"/api/rounds/{month}/papers.html")
    shot("serve-papers.png")
    browser.get(base + "/rounds/" + month)
    browser.find_element(By.CSS_SELECTOR, f"form[action='/rounds/{month}/close'] button").click()
    wait_for(lambda: "đã đóng" in browser.page_source, "the round did not close")
    # The draft rows, filled in a spreadsheet, become decisions.
    for old in os.listdir(downloads):
        os.remove(os.path.join(downloads, old))
    browser.find_element(By.CSS_SELECTOR, f"a[href='/api/rounds/{month}/decisions.xlsx']").click()
    drafts = os.path.join(downloads, f"du-thao-qd-{month}.xlsx")
    wait_for(lambda: os.path.exists(drafts), "the draft rows were not downloaded")
    time.sleep(0.3)
    book = openpyxl.load_workbook(drafts)
    sheet = book.worksheets[0]
    rows = 0
    for row in range(3, sheet.max_row + 1):
        if sheet.cell(row=row, column=4).value:
            rows += 1
            sheet.cell(row=row, column=1, value=f"{100 + rows}/QĐ-UBND")
            sheet.cell(row=row, column=2, value=datetime.date.today().strftime("%d/%m/%Y"))
    expect(rows >= 1, "the draft holds no proposal")
    decided = os.path.join(work, "quyet-dinh.xlsx")
    book.save(decided)
    browser.get(base + "/register")
    browser.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(decided)
    browser.find_element(By.CSS_SELECTOR, "form[action='/register'] button").click()
    wait_for(lambda: f"Đã ghi {rows} dòng" in browser.page_source,
             f"the decisions were not recorded: {browser.page_source[:600]}")
    browser.get(base + "/register")
    fits_phone("register")
    shot("serve-register.png")
    browser.get(base + "/roadmap")
    expect("Bắc Giang" in browser.page_source, "the roadmap page does not show the plan")
    shot("serve-roadmap.png")
    roadmap = fetch("/api/roadmap")
    export = os.path.join(work, "export")
    subprocess.run([binary, "serve", "export", "--data", store, "--out", export],
                   capture_output=True, check=True)
    command = subprocess.run([binary, "roadmap", "--register", "register", "--format", "json"],
                             cwd=export, capture_output=True)
    expect(roadmap == command.stdout, "the roadmap page disagrees with ytxa roadmap on the export")
    checked = subprocess.run([binary, "serve", "check", "--data", export], capture_output=True)
    expect(checked.returncode == 0, "serve check fails on the export")
    # The plans of the province, from the latest submissions.
    browser.get(base + "/plans")
    browser.find_element(By.CSS_SELECTOR, "a[href='/plan?id=tan-yen-2024']").click()
    wait_for(lambda: "Tân Yên" in browser.page_source, "the plan's page does not show the plan")
    shot("serve-plan.png")
    sign_out()
    # The administrator: the accounts and the audit log, its chain whole.
    sign_in("admin", "admin password 123")
    wait_for(lambda: "quản trị" in browser.page_source, "the administrator could not sign in")
    browser.get(base + "/admin")
    expect("xa07210" in browser.page_source, "the accounts page does not list the accounts")
    fits_phone("accounts")
    shot("serve-admin.png")
    browser.get(base + "/admin/audit")
    expect("chuỗi SHA-256 liền mạch" in browser.page_source and "round.close" in
           browser.page_source, "the audit log page does not show the chain and the round")
    fits_phone("audit log")
    shot("serve-audit.png")


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
    for name, role in (("xa07339", ["commune", "--unit", "07339"]),
                       ("xa07210", ["commune", "--unit", "07210"]),
                       ("so", ["province"]), ("hd", ["council"])):
        subprocess.run([binary, "serve", "user", "add", "--data", store, "--name", name, "--role",
                        *role], input=f"password {name}\n".encode(),
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
        province_round(browser, base, binary, store, work, downloads, submission, shot,
                       fits_phone, wait_for, sign_in)
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
          "commune refused; a round opened, two submissions, one returned and resubmitted, the "
          "council refused a change, the papers the council command's bytes, closed, decisions "
          "from the filled draft, the roadmap as the command gives it on the export, a plan, the "
          "accounts and the audit log; 390 px "
          "without sideways scrolling: all as expected; "
          + check.stdout.strip().splitlines()[-1])
    if options.shots is None:
        shutil.rmtree(work)
    return 0 if check.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""A province's store on `ytxa serve` (issue 30): ROUNDS council rounds of every commune of the
province, drafts up to SUBMISSIONS submissions in all, DECISIONS register rows; then

1. the round overview, the papers and the roadmap page timed against the command that prints
   them, run on `serve export`'s copy (medians of --repeat runs; the ratio is what counts);
2. BROWSERS province and council users browsing the round, the register and the roadmap while
   as many communes upload: the errors, and the p50 and p99 of each kind of request.

    swift build -c release && python3 Benchmarks/serve-province.py .build/release/ytxa
    (CI: --communes 10 --submissions 200 --decisions 100 --browsers 5 --requests 200)

The evidence is the bundled sample of Xã Cao Xá (2025) moved onto each unit of Bắc Giang in force
on 30/06/2024, its assessment day moved into each round (synthetic, for timing only); the
decisions alternate recognition and withdrawal per commune. Standard library only.
"""
import argparse
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROUNDS = ["2023-06", "2023-12", "2024-06", "2024-12"]


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


class Client:
    """One signed-in account on a keep-alive connection."""

    def __init__(self, port, name, password):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        response, page = self.call("GET", "/login")
        nonce = response.getheader("Set-Cookie").split(";")[0]
        csrf = re.search(rb'name="csrf" value="([0-9a-f]{64})"', page).group(1).decode()
        form = f"username={name}&password={password.replace(' ', '+')}&csrf={csrf}"
        response, _ = self.call("POST", "/login", form, {
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": nonce})
        self.cookie = response.getheader("Set-Cookie").split(";")[0]
        _, data = self.call("GET", "/api/session", headers={"Cookie": self.cookie})
        self.token = json.loads(data)["csrf"]

    def call(self, method, path, body=None, headers=None):
        # A keep-alive connection the server closed while idle is opened again, once.
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=body, headers=headers or {})
                response = self.connection.getresponse()
                return response, response.read()
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def get(self, path):
        return self.call("GET", path, headers={"Cookie": self.cookie})

    def post(self, path, body, content_type="application/json", name=None):
        headers = {"Cookie": self.cookie, "X-CSRF-Token": self.token,
                   "Content-Type": content_type}
        if name:
            headers["X-Filename"] = name
        return self.call("POST", path, body, headers)


def timed(function, repeat):
    times = []
    for _ in range(repeat):
        begin = time.monotonic()
        function()
        times.append(time.monotonic() - begin)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--submissions", type=int, default=10000)
    parser.add_argument("--decisions", type=int, default=3000)
    parser.add_argument("--browsers", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=8)
    parser.add_argument("--communes", type=int, default=0,
                        help="only the first N communes of the province (0: all)")
    options = parser.parse_args()
    binary = os.path.abspath(options.binary)
    work = tempfile.mkdtemp(prefix="ytxa-serve-province-")
    store = os.path.join(work, "store")
    run = lambda *arguments, **keywords: subprocess.run(  # noqa: E731
        [binary, *arguments], capture_output=True, **keywords)
    run("serve", "init", "--data", store, "--province", "24", input=b"bench password 123\n",
        check=True)
    units = json.loads(run("units", "list", "--province", "24", "--on", "2024-06-30",
                           "--format", "json", check=True).stdout)
    if options.communes:
        units = units[:options.communes]
    for name, role in (("so", ["province"]), ("hd", ["council"])):
        run("serve", "user", "add", "--data", store, "--name", name, "--role", *role,
            input=b"bench password 1\n", check=True)
    sample = json.load(open(os.path.join(ROOT, "Samples/bac-giang/2025/07336.json"),
                            encoding="utf-8"))

    def evidence(unit, day):
        made = json.loads(json.dumps(sample))
        made["commune"].update(code=unit["code"], name=unit["name"], type=unit["type"],
                               district=unit["district"])
        made["year"] = int(day[:4])
        made["assessedOn"] = day
        return json.dumps(made, ensure_ascii=False).encode("utf-8")

    for unit in units:
        run("serve", "user", "add", "--data", store, "--name", "xa" + unit["code"], "--role",
            "commune", "--unit", unit["code"], input=b"bench password 1\n", check=True)
    server = subprocess.Popen([binary, "serve", "--data", store, "--listen", "127.0.0.1:0"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    port = int(re.search(rb":(\d+)/", server.stdout.readline()).group(1))
    province = Client(port, "so", "bench password 1")
    failures = []

    # Populating: each round opened, every commune submits, closed; drafts fill up the rest.
    begin = time.monotonic()

    communes = {}

    def signed_in(unit):
        # Each commune signs in once (its unit is always in the same worker's chunk).
        name = "xa" + unit["code"]
        if name not in communes:
            communes[name] = Client(port, name, "bench password 1")
        return communes[name]

    def commune_work(chunk, month):
        for unit in chunk:
            client = signed_in(unit)
            response, data = client.post("/api/submissions", evidence(unit, month + "-15"),
                                         name="e.json")
            if response.status != 201:
                failures.append(f"upload {unit['code']}: {response.status} {data[:100]!r}")
                continue
            ident = json.loads(data)["id"]
            response, data = client.post(f"/api/rounds/{month}/submit",
                                         json.dumps({"submission": ident}))
            if response.status != 200:
                failures.append(f"submit {unit['code']}: {response.status} {data[:100]!r}")

    for month in ROUNDS:
        province.post("/api/rounds", json.dumps({"round": month, "deadline": "2099-12-31"}))
        chunks = [units[index::options.jobs] for index in range(options.jobs)]
        threads = [threading.Thread(target=commune_work, args=(chunk, month)) for chunk in chunks]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if month != ROUNDS[-1]:
            province.post(f"/api/rounds/{month}/close", b"")
    # More drafts, spread over the days of the last round's month, up to the number asked for.
    count = len(json.loads(province.get("/api/submissions")[1]))
    extra = []
    day = 0
    while count + len(extra) < options.submissions:
        unit = units[len(extra) % len(units)]
        day += 1 if len(extra) % len(units) == 0 else 0
        extra.append((unit, f"2024-{1 + day // 28 % 12:02d}-{1 + day % 28:02d}"))

    def drafts(chunk):
        for unit, when in chunk:
            response, data = signed_in(unit).post("/api/submissions", evidence(unit, when),
                                                  name="draft.json")
            if response.status != 201:
                failures.append(f"draft {unit['code']}: {response.status} {data[:100]!r}")

    position = {unit["code"]: index for index, unit in enumerate(units)}
    chunks = [[item for item in extra if position[item[0]["code"]] % options.jobs == index]
              for index in range(options.jobs)]
    threads = [threading.Thread(target=drafts, args=(chunk,)) for chunk in chunks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Decisions: per commune, recognition and withdrawal in turn, every 38 days.
    rows = []
    step = 0
    while len(rows) < options.decisions:
        for unit in units:
            if len(rows) >= options.decisions:
                break
            day = time.strftime("%Y-%m-%d", time.gmtime(
                time.mktime((2023, 7, 1, 12, 0, 0, 0, 0, 0)) + step * 38 * 86400))
            kind = "recognition" if step % 2 == 0 else "withdrawal"
            rows.append(f"{len(rows) + 1}/QĐ-UBND,{day},{kind},{unit['code']},{unit['name']}")
        step += 1
    for part in range(0, len(rows), 1000):
        body = "decision,signedOn,kind,commune_code,commune_name\n" + "\n".join(
            rows[part:part + 1000]) + "\n"
        response, data = province.post("/api/register", body.encode("utf-8"), "text/csv",
                                       name=f"qd-{part}.csv")
        if response.status != 201:
            failures.append(f"register {part}: {response.status} {data[:300]!r}")
    populated = time.monotonic() - begin
    total = len(json.loads(province.get("/api/submissions")[1]))
    print(f"store: {len(units)} communes, {total} submissions, {len(ROUNDS)} rounds, "
          f"{len(rows)} decisions, populated through the API in {populated:.0f} s "
          f"({len(failures)} refused)")
    for failure in failures[:5]:
        print("refused:", failure, file=sys.stderr)

    # The populating connections are closed: the load below opens its own.
    for client in communes.values():
        client.connection.close()

    # 1. The pages against the commands on the export.
    export = os.path.join(work, "export")
    run("serve", "export", "--data", store, "--out", export, check=True)
    month = ROUNDS[-1]
    files = sorted(os.path.join("rounds", month, name)
                   for name in os.listdir(os.path.join(export, "rounds", month)))
    pairs = [
        ("round overview", f"/rounds/{month}",
         ["check", *files, "--format", "json"]),
        ("papers", f"/api/rounds/{month}/papers.html",
         ["council", "--round", month, "--register", "register", *files]),
        ("roadmap page", "/roadmap", ["roadmap", "--register", "register", "--format", "html"]),
        ("roadmap JSON", "/api/roadmap", ["roadmap", "--register", "register", "--format", "json"]),
    ]
    print(f"{'':16} {'page':>9} {'command':>9} {'ratio':>6} {'again':>9}   (command: median "
          f"of {options.repeat}; again: the page's median once remembered)")
    for label, path, command in pairs:
        # The first request computes; the next are remembered until the store changes: the
        # first is the comparison, the rest (the cached answers) are said beside it.
        begin = time.monotonic()
        status = province.get(path)[0].status
        first = time.monotonic() - begin
        page = timed(lambda: province.get(path), options.repeat)
        cli = timed(lambda: subprocess.run([binary, *command], cwd=export, capture_output=True),
                    options.repeat)
        print(f"{label:16} {first * 1000:7.0f} ms {cli * 1000:7.0f} ms {first / cli:6.2f} "
              f"{page * 1000:6.0f} ms"
              + ("" if status == 200 else f"   status {status}"))

    # 2. Province and council users browsing while communes upload.
    latencies = {}
    errors = []
    lock = threading.Lock()
    remaining = [options.requests]
    paths = [f"/rounds/{month}", f"/api/rounds/{month}", "/register", "/roadmap", "/rounds"]

    def browser(index):
        name = "so" if index % 2 == 0 else "hd"
        try:
            client = Client(port, name, "bench password 1")
        except Exception as error:  # noqa: BLE001 - counted and reported
            with lock:
                errors.append(f"sign-in {name}: {error}")
            return
        turn = index
        while True:
            with lock:
                if remaining[0] <= 0:
                    return
                remaining[0] -= 1
            path = paths[turn % len(paths)]
            turn += 1
            begin = time.monotonic()
            try:
                response, data = client.get(path)
                ok = response.status == 200
            except Exception as error:  # noqa: BLE001
                ok, data = False, str(error).encode()
            took = time.monotonic() - begin
            with lock:
                latencies.setdefault(path.replace(month, "R"), []).append(took)
                if not ok:
                    errors.append(f"{path}: {data[:100]!r}")

    def uploader(index):
        unit = units[index % len(units)]
        try:
            client = Client(port, "xa" + unit["code"], "bench password 1")
        except Exception as error:  # noqa: BLE001
            with lock:
                errors.append(f"sign-in {unit['code']}: {error}")
            return
        turn = 0
        while True:
            with lock:
                if remaining[0] <= 0:
                    return
                remaining[0] -= 1
            turn += 1
            begin = time.monotonic()
            try:
                response, data = client.post(
                    "/api/submissions", evidence(unit, f"2024-11-{1 + turn % 28:02d}"),
                    name="e.json")
                ok = response.status == 201
            except Exception as error:  # noqa: BLE001
                ok, data = False, str(error).encode()
            took = time.monotonic() - begin
            with lock:
                latencies.setdefault("upload", []).append(took)
                if not ok:
                    errors.append(f"upload: {data[:100]!r}")

    threads = [threading.Thread(target=browser, args=(index,))
               for index in range(options.browsers)]
    threads += [threading.Thread(target=uploader, args=(index,))
                for index in range(options.browsers)]
    begin = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - begin
    done = sum(len(values) for values in latencies.values())
    print(f"{options.browsers} province/council users browsing, {options.browsers} communes "
          f"uploading: {done} requests in {elapsed:.0f} s, errors {len(errors)}")
    for kind in sorted(latencies):
        values = latencies[kind]
        print(f"  {kind:18} n={len(values):5}  p50 {percentile(values, 0.5) * 1000:7.0f} ms  "
              f"p99 {percentile(values, 0.99) * 1000:7.0f} ms")
    for error in errors[:10]:
        print("error:", error, file=sys.stderr)
    server.kill()
    server.wait()
    check = run("serve", "check", "--data", store, "--lang", "en")
    print("serve check:", check.stdout.decode().strip().splitlines()[-1])
    shutil.rmtree(work)
    return 1 if errors or failures or check.returncode != 0 else 0


if __name__ == "__main__":
    sys.exit(main())

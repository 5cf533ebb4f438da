#!/usr/bin/env python3
"""Load on `ytxa serve` (issue 29): CLIENTS concurrent keep-alive clients, each signed in as one
of ACCOUNTS commune accounts, requesting pages and uploading their commune's evidence, until
REQUESTS requests in all. Prints the p50 and p99 latency of a page and of an upload with its
pre-check, the errors, and the server's resident memory after the warm-up and at the end.

    swift build -c release && python3 Benchmarks/serve-load.py .build/release/ytxa

The evidence is the bundled sample of Xã Cao Xá (2025) moved onto each account's unit in force
on 12/06/2025 (synthetic, for timing only). Standard library only (http.client, threads).
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


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--accounts", type=int, default=20)
    parser.add_argument("--requests", type=int, default=10000)
    options = parser.parse_args()
    binary = os.path.abspath(options.binary)
    work = tempfile.mkdtemp(prefix="ytxa-serve-load-")
    store = os.path.join(work, "store")
    subprocess.run([binary, "serve", "init", "--data", store, "--province", "24"],
                   input=b"load password 123\n", capture_output=True, check=True)
    units = json.loads(subprocess.run(
        [binary, "units", "list", "--province", "24", "--on", "2025-06-12", "--format", "json"],
        capture_output=True, check=True).stdout)[:options.accounts]
    sample = json.load(open(os.path.join(ROOT, "Samples/bac-giang/2025/07336.json"),
                            encoding="utf-8"))
    bodies = {}
    for unit in units:
        name = "xa" + unit["code"]
        subprocess.run([binary, "serve", "user", "add", "--data", store, "--name", name, "--role",
                        "commune", "--unit", unit["code"]], input=b"commune password 1\n",
                       capture_output=True, check=True)
        evidence = json.loads(json.dumps(sample))
        evidence["commune"]["code"] = unit["code"]
        evidence["commune"]["name"] = unit["name"]
        evidence["commune"]["type"] = unit["type"]
        evidence["commune"]["district"] = unit["district"]
        bodies[name] = json.dumps(evidence, ensure_ascii=False).encode("utf-8")
    server = subprocess.Popen([binary, "serve", "--data", store, "--listen", "127.0.0.1:0"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    port = int(re.search(rb":(\d+)/", server.stdout.readline()).group(1))
    names = sorted(bodies)
    latencies = {"page": [], "upload": [], "sign-in": []}
    errors = []
    lock = threading.Lock()
    remaining = [options.requests]
    started = threading.Barrier(options.clients + 1)

    def client(index):
        name = names[index % len(names)]
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

        def call(method, path, body=None, headers=None):
            begin = time.monotonic()
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            data = response.read()
            return response, data, time.monotonic() - begin

        try:
            response, page, _ = call("GET", "/login")
            nonce = response.getheader("Set-Cookie").split(";")[0]
            csrf = re.search(rb'name="csrf" value="([0-9a-f]{64})"', page).group(1).decode()
            form = f"username={name}&password=commune+password+1&csrf={csrf}"
            response, _, took = call("POST", "/login", form, {
                "Content-Type": "application/x-www-form-urlencoded", "Cookie": nonce})
            cookie = response.getheader("Set-Cookie").split(";")[0]
            with lock:
                latencies["sign-in"].append(took)
            _, data, _ = call("GET", "/api/session", headers={"Cookie": cookie})
            token = json.loads(data)["csrf"]
        except Exception as error:  # noqa: BLE001 - counted and reported
            with lock:
                errors.append(f"sign-in {name}: {error}")
            started.wait()
            return
        started.wait()
        turn = 0
        while True:
            with lock:
                if remaining[0] <= 0:
                    return
                remaining[0] -= 1
            turn += 1
            try:
                if turn % 4 == 0:
                    response, data, took = call(
                        "POST", "/api/submissions", bodies[name],
                        {"Cookie": cookie, "X-CSRF-Token": token,
                         "Content-Type": "application/json", "X-Filename": name + ".json"})
                    kind, ok = "upload", response.status == 201
                else:
                    response, data, took = call("GET", "/", headers={"Cookie": cookie})
                    kind, ok = "page", response.status == 200
                with lock:
                    latencies[kind].append(took)
                    if not ok:
                        errors.append(f"{kind} {name}: {response.status} {data[:120]!r}")
            except Exception as error:  # noqa: BLE001
                with lock:
                    errors.append(f"{name}: {error}")
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    threads = [threading.Thread(target=client, args=(index,)) for index in range(options.clients)]
    for thread in threads:
        thread.start()
    started.wait()
    warm = rss_kb(server.pid)
    begin = time.monotonic()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - begin
    end = rss_kb(server.pid)
    server.kill()
    server.wait()
    check = subprocess.run([binary, "serve", "check", "--data", store, "--lang", "en"],
                           capture_output=True, text=True)
    shutil.rmtree(work)
    done = len(latencies["page"]) + len(latencies["upload"])
    print(f"clients {options.clients} (keep-alive), accounts {len(names)}, requests {done} in "
          f"{elapsed:.1f} s ({done / elapsed:.0f}/s), errors {len(errors)}")
    for kind in ("sign-in", "page", "upload"):
        values = latencies[kind]
        print(f"{kind:8} n={len(values):5}  p50 {percentile(values, 0.5) * 1000:7.1f} ms  "
              f"p99 {percentile(values, 0.99) * 1000:7.1f} ms")
    print(f"server memory: {warm // 1024} MB after sign-in, {end // 1024} MB after {done} "
          f"requests")
    print("serve check:", check.stdout.strip().splitlines()[-1] if check.stdout else check.stderr)
    for error in errors[:10]:
        print("error:", error, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

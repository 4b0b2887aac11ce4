#!/usr/bin/env python3
"""Memory under a flood of logins (security issue 13, finding 3): every password check takes
~19 MiB while it runs (Argon2), and 150 simultaneous logins with unknown addresses once took the
server to 3.2 GB. The server now runs as many checks at once as it has cores, lets a few more
wait briefly and answers the rest 503 with Retry-After; this checks that it holds.

Loads the small demo into a fresh SQLite file, starts the server (trusting 127.0.0.1 as its
reverse proxy, so that each login can come from its own address in X-Forwarded-For and the
per-address limit of failed logins does not refuse them before the password check), fires
LOGINS simultaneous logins with unknown addresses from as many threads, samples the server's
resident memory from /proc/PID/status during and after, and polls /healthz throughout.

Prints the idle, peak and after RSS and the answers counted by status; fails when the peak is
more than BUDGET MB above idle or /healthz ever failed.

  python3 tests/load/logins.py BINARY [--logins 300] [--budget-mb 512]
"""
import argparse, json, os, shutil, socket, subprocess, sys, tempfile, threading, time, urllib.error, urllib.request

ap = argparse.ArgumentParser()
ap.add_argument("binary")
ap.add_argument("--logins", type=int, default=300)
ap.add_argument("--budget-mb", type=int, default=512)
args = ap.parse_args()


def status_kb(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise SystemExit(f"no {field} in /proc/{pid}/status")


work = tempfile.mkdtemp(prefix="enquete-load-")
db = f"sqlite://{os.path.join(work, 'load.db')}"
subprocess.run([args.binary, "--db", db, "demo", "--scale", "small"], check=True, stdout=subprocess.DEVNULL)
s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
base = f"http://127.0.0.1:{port}"
server = subprocess.Popen([args.binary, "--db", db, "serve", "--addr", f"127.0.0.1:{port}"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          env={**os.environ, "ENQUETE_LOG": "warn", "ENQUETE_TRUSTED_PROXY": "127.0.0.1"})
try:
    for _ in range(600):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.05)
    else:
        raise SystemExit("the server did not start")
    time.sleep(2)  # let the start-up work (results warm-up) settle
    idle = status_kb(server.pid, "VmRSS")

    stop = threading.Event()
    peak = [idle]
    health = {"ok": 0, "failed": []}

    def sample():
        while not stop.is_set():
            try:
                peak[0] = max(peak[0], status_kb(server.pid, "VmRSS"))
            except (OSError, SystemExit):
                return
            time.sleep(0.01)

    def poll_health():
        while not stop.is_set():
            started = time.time()
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=5) as r:
                    if r.status == 200:
                        health["ok"] += 1
                    else:
                        health["failed"].append(f"HTTP {r.status}")
            except (OSError, urllib.error.URLError) as e:
                health["failed"].append(f"{type(e).__name__}: {e} after {time.time() - started:.1f} s")
            time.sleep(0.1)

    answers, lock = {}, threading.Lock()
    go = threading.Barrier(args.logins + 1)

    def login(i):
        req = urllib.request.Request(base + "/api/v1/session", method="POST",
                                     data=json.dumps({"email": f"nobody{i}@load.example.org",
                                                      "password": "not the password"}).encode())
        req.add_header("Content-Type", "application/json")
        req.add_header("X-Forwarded-For", f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}")
        go.wait()
        try:
            with urllib.request.urlopen(req, timeout=120) as r:
                key = str(r.status)
        except urllib.error.HTTPError as e:
            key = str(e.code)
            if e.code == 503 and not e.headers.get("Retry-After"):
                key = "503 without Retry-After"
        except OSError as e:
            key = type(e).__name__
        with lock:
            answers[key] = answers.get(key, 0) + 1

    watchers = [threading.Thread(target=sample, daemon=True), threading.Thread(target=poll_health, daemon=True)]
    for t in watchers:
        t.start()
    threads = [threading.Thread(target=login, args=(i,), daemon=True) for i in range(args.logins)]
    for t in threads:
        t.start()
    started = time.time()
    go.wait()
    for t in threads:
        t.join()
    took = time.time() - started
    time.sleep(3)
    after = status_kb(server.pid, "VmRSS")
    high_water = status_kb(server.pid, "VmHWM")
    stop.set()
    for t in watchers:
        t.join()
    peak_kb = max(peak[0], high_water)
    mb = lambda kb: kb / 1024
    print(f"logins: {args.logins} at once, answered in {took:.1f} s")
    print(f"answers: {json.dumps(dict(sorted(answers.items())))}")
    print(f"503s: {answers.get('503', 0)}")
    print(f"RSS idle: {mb(idle):.0f} MB, peak: {mb(peak_kb):.0f} MB (sampled {mb(peak[0]):.0f} MB, "
          f"high-water mark {mb(high_water):.0f} MB), after: {mb(after):.0f} MB")
    print(f"/healthz: {health['ok']} answered, {len(health['failed'])} failed")
    failures = []
    if peak_kb - idle > args.budget_mb * 1024:
        failures.append(f"peak RSS {mb(peak_kb):.0f} MB is more than {args.budget_mb} MB above idle {mb(idle):.0f} MB")
    if health["failed"]:
        failures.append(f"/healthz failed: {health['failed'][:3]}")
    if answers.get("503 without Retry-After"):
        failures.append("a 503 came without Retry-After")
    if failures:
        print("FAIL: " + "; ".join(failures))
        sys.exit(1)
    print("OK")
finally:
    server.terminate()
    server.wait()
    shutil.rmtree(work, ignore_errors=True)

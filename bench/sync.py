#!/usr/bin/env python3
"""Benchmark: responses per second sent by phones (batches of 1-20, like the canvassing page)
to the release server, on SQLite and on PostgreSQL, for SECONDS each; with the reference of the
same phones asking GET /healthz (the cheapest answer) in the same run.

  python3 bench/sync.py [SECONDS] [PHONES]      default 10 s, 8 phones
"""
import json, os, signal, subprocess, sys, threading, time, urllib.request
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "crash"))
from harness import Database, Phones, Server, demo, workdir

seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 10
count = int(sys.argv[2]) if len(sys.argv) > 2 else 8
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
subprocess.run(["cargo", "build", "--release", "-p", "enquete"], cwd=root, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
meta = json.loads(subprocess.check_output(["cargo", "metadata", "--format-version", "1", "--no-deps"], cwd=root))
binary = os.path.join(meta["target_directory"], "release", "enquete")
postgres = os.environ.get("ENQUETE_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/test")
for backend in ["sqlite", "postgres"]:
    work = workdir()
    db = Database(backend, postgres, work, "sync")
    try:
        demo(binary, db.url)
        server = Server(binary, db.url)
        server.start()
        server.login_canvasser()
        done, stop = [0], threading.Event()
        def ping():
            while not stop.is_set():
                urllib.request.urlopen(server.base + "/healthz").read()
                done[0] += 1
        threads = [threading.Thread(target=ping) for _ in range(count)]
        [t.start() for t in threads]
        time.sleep(seconds); stop.set(); [t.join() for t in threads]
        ref = done[0] / seconds
        phones = Phones(server, count, 7)
        time.sleep(seconds)
        got = len(phones.snapshot())
        batches = phones.batches
        phones.finish()
        server.stop(signal.SIGTERM)
        print(f"[{backend}] {count} phones: {got / seconds:,.0f} responses/s stored and acknowledged "
              f"({batches / seconds:,.0f} batches/s); reference GET /healthz {ref:,.0f} requests/s "
              f"(batches at {batches / seconds / ref:.2f}x the reference rate)")
    finally:
        db.drop()
        subprocess.run(["rm", "-rf", work])

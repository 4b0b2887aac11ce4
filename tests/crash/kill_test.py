#!/usr/bin/env python3
"""Crash safety: nothing the server acknowledged is lost, and nothing is stored twice, when the
server is killed with SIGKILL at random moments under a sync load.

Loads the small demo into a fresh database (SQLite file or a new PostgreSQL database), starts the
server, and lets phones send batches of new responses while the server is killed with SIGKILL at
random moments and started again. A phone whose batch got no answer sends the same batch again,
as the canvassing page does. A response counts as acknowledged when the server answered its batch
with HTTP 200 and the item `accepted` or `duplicate`. At the end every acknowledged response must
be in the database exactly once.

  python3 tests/crash/kill_test.py BINARY [--kills 20] [--backend sqlite|postgres]
         [--postgres postgres://postgres@127.0.0.1:5432/test] [--phones 3] [--seed N]
"""
import argparse, os, random, signal, subprocess, sys, time
from harness import Database, Phones, Server, demo, workdir

ap = argparse.ArgumentParser()
ap.add_argument("binary")
ap.add_argument("--kills", type=int, default=20)
ap.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
ap.add_argument("--postgres", default=os.environ.get("ENQUETE_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/test"))
ap.add_argument("--phones", type=int, default=3)
ap.add_argument("--seed", type=int, default=int(time.time()))
args = ap.parse_args()
rng = random.Random(args.seed)
work = workdir()
db = Database(args.backend, args.postgres, work, "crash")
try:
    demo(args.binary, db.url)
    server = Server(args.binary, db.url)
    server.start()
    server.login_canvasser()
    phones = Phones(server, args.phones, args.seed)
    for k in range(args.kills):
        time.sleep(rng.uniform(0.2, 1.0))
        server.stop(signal.SIGKILL)
        server.start()
        if (k + 1) % 10 == 0:
            print(f"[{args.backend}] {k + 1} kills, {len(phones.snapshot())} responses acknowledged so far", flush=True)
    time.sleep(1.0)  # every phone's last batch against a living server
    phones.finish()
    server.stop(signal.SIGTERM)
    acked, sent = phones.snapshot(), set(phones.sent)
    stored = [r for r in db.query(f"SELECT id FROM responses WHERE survey_id = {phones.survey['id']}") if r in sent]
    missing = acked - set(stored)
    doubles = len(stored) - len(set(stored))
    print(f"[{args.backend}] kills {args.kills}, batches answered {phones.batches}, batches sent again {phones.resent}, "
          f"responses acknowledged {len(acked)}, present {len(acked & set(stored))}, missing {len(missing)}, "
          f"stored twice {doubles}, stored but never acknowledged {len(set(stored) - acked)} (seed {args.seed})")
    for e in phones.errors[:3]:
        print(f"[{args.backend}] {e}")
    failed = bool(missing or doubles or not acked or phones.errors)
finally:
    db.drop()
    subprocess.run(["rm", "-rf", work])
sys.exit(1 if failed else 0)

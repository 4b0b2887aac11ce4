#!/usr/bin/env python3
"""Backup and restore under load: `enquete backup` while phones keep sending responses, then
`enquete restore` into a new database. Everything acknowledged before the backup started must be
in the restored database, nothing that was never sent may be, and the restored database must
serve (a results report runs on it).

  python3 tests/crash/backup_test.py BINARY [--backend sqlite|postgres] [--postgres URL]
"""
import argparse, os, signal, subprocess, sys, time
from harness import Database, Phones, Server, demo, workdir

ap = argparse.ArgumentParser()
ap.add_argument("binary")
ap.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
ap.add_argument("--postgres", default=os.environ.get("ENQUETE_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/test"))
args = ap.parse_args()
work = workdir()
source = Database(args.backend, args.postgres, work, "source")
target = None
try:
    demo(args.binary, source.url)
    server = Server(args.binary, source.url)
    server.start()
    server.login_canvasser()
    phones = Phones(server, 3, 1)
    time.sleep(2.0)
    before = phones.snapshot()
    out = os.path.join(work, "backup.bin")
    t = time.perf_counter()
    subprocess.run([args.binary, "--db", source.url, "backup", out], check=True)
    took = time.perf_counter() - t
    after = phones.snapshot()
    time.sleep(1.0)
    phones.finish()
    server.stop(signal.SIGTERM)
    target = Database(args.backend, args.postgres, work, "restored")
    if args.backend == "sqlite":
        os.remove(target.path) if os.path.exists(target.path) else None
    subprocess.run([args.binary, "--db", target.url, "restore", out], check=True)
    restored = set(target.query(f"SELECT id FROM responses WHERE survey_id = {phones.survey['id']}"))
    ours = restored & set(phones.sent)
    lost = before - restored
    units_src = source.query("SELECT COUNT(*) FROM units")[0]
    units_dst = target.query("SELECT COUNT(*) FROM units")[0]
    people_src = source.query("SELECT COUNT(*) FROM people")[0]
    people_dst = target.query("SELECT COUNT(*) FROM people")[0]
    report = subprocess.run([args.binary, "--db", target.url, "report", "1", "--format", "json"],
                            capture_output=True, text=True)
    print(f"[{args.backend}] backup under load in {took:.2f} s: acknowledged before it {len(before)}, during it "
          f"{len(after) - len(before)}; restored {len(ours)} of them, lost {len(lost)}; units {units_dst}/{units_src}, "
          f"people {people_dst}/{people_src}; report on the restored database: exit {report.returncode}")
    failed = bool(lost or units_src != units_dst or people_src != people_dst or report.returncode != 0
                  or len(ours) > len(after | before) + 20 * 3 or phones.errors)
finally:
    source.drop()
    if target:
        target.drop()
    subprocess.run(["rm", "-rf", work])
sys.exit(1 if failed else 0)

#!/usr/bin/env python3
"""Two `enquete serve` processes in front of one database, as a load balancer would use them,
with personal fields sealed under the same key:
  - a login made on one server holds on the other (sessions live in the database), and logging
    out on one ends it on both;
  - phones send batches to both at once: every acknowledged response is stored exactly once;
  - 200 RSVPs for 150 places, split over both servers: exactly 150 confirmed, 50 waiting;
  - each server's results count every response, whichever server took it;
  - a person added through one is found by name through the other.

  python3 tests/crash/two_servers_test.py BINARY [--backend postgres|sqlite] [--postgres URL]
"""
import argparse, base64, os, signal, subprocess, sys, time, urllib.error
from concurrent.futures import ThreadPoolExecutor
from harness import Database, Phones, Server, demo, workdir

ap = argparse.ArgumentParser()
ap.add_argument("binary")
ap.add_argument("--backend", choices=["sqlite", "postgres"], default="postgres")
ap.add_argument("--postgres", default=os.environ.get("ENQUETE_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/test"))
args = ap.parse_args()
os.environ["ENQUETE_ENCRYPTION_KEY"] = base64.b64encode(os.urandom(32)).decode()
work = workdir()
db = Database(args.backend, args.postgres, work, "two")
problems = []
servers = []


def check(ok, what):
    print(("  ok   " if ok else "  FAIL ") + what)
    if not ok:
        problems.append(what)


try:
    demo(args.binary, db.url)
    a, b = Server(args.binary, db.url), Server(args.binary, db.url)
    a.start(); servers.append(a)
    b.start(); servers.append(b)

    # One browser: the cookie set by A is sent to B (cookies do not depend on the port).
    a.login_canvasser()
    b.opener, b.csrf = a.opener, a.csrf
    me_a, me_b = a.call("GET", "/api/v1/session"), b.call("GET", "/api/v1/session")
    check(me_a["email"] == me_b["email"] == "canvasser@demo.enquete.org", "a login on A holds on B")

    # Phones on both servers at once.
    # The enquête: the demo's first survey (the list is newest first).
    survey = min(a.call("GET", "/api/v1/surveys"), key=lambda s: s["id"])
    before = int(db.query(f"SELECT COUNT(*) FROM responses WHERE survey_id = {survey['id']}")[0])
    phones = [Phones(a, 2, 1), Phones(b, 2, 2)]
    time.sleep(5)
    for p in phones:
        p.finish()
    acked = phones[0].acked | phones[1].acked
    ids = db.query(f"SELECT id FROM responses WHERE survey_id = {survey['id']}")
    stored = [i for i in ids if i in acked]
    check(not phones[0].errors and not phones[1].errors, f"no rejected batch {phones[0].errors[:1]}{phones[1].errors[:1]}")
    check(len(acked) > 0 and set(stored) == acked and len(stored) == len(set(stored)),
          f"{len(acked)} responses acknowledged by A or B, {len(set(stored))} stored, {len(stored) - len(set(stored))} twice")

    # Logging out on B ends the session on A too.
    b.call("DELETE", "/api/v1/session")
    try:
        a.call("GET", "/api/v1/session")
        check(False, "logging out on B ends the session on A")
    except urllib.error.HTTPError as e:
        check(e.code == 401, "logging out on B ends the session on A")

    # A national admin on both.
    a2, b2 = Server(args.binary, db.url), Server(args.binary, db.url)
    a2.proc, b2.proc = a.proc, b.proc
    a2.port, b2.port, a2.base, b2.base = a.port, b.port, a.base, b.base
    a2.csrf = a2.call("POST", "/api/v1/session", {"email": "national-admin@demo.enquete.org",
                                                 "password": "demo-national-admin-pass"})["csrf_token"]
    b2.opener, b2.csrf = a2.opener, a2.csrf
    results = [s.call("GET", f"/api/v1/surveys/{survey['id']}/results")["responses"] for s in (a2, b2)]
    total = before + len(set(stored))
    check(results[0] == results[1] == total, f"results on A and on B count {results} of {total} responses")

    section = me_a["unit_id"]
    added = b2.call("POST", "/api/v1/people", {"unit_id": section, "name": "Zoë Twoservers",
                                               "email": "zoe.two@example.org"})
    found = a2.call("GET", "/api/v1/people?q=twoserv&limit=5")["people"]
    check([p["id"] for p in found] == [added["id"]], "a person added through B is found by name through A")

    people = [p["id"] for p in a2.call("GET", f"/api/v1/people?unit_id={section}&limit=200")["people"]]
    while len(people) < 200:
        people.append(a2.call("POST", "/api/v1/people", {"unit_id": section, "name": f"Rider {len(people)}"})["id"])
    action = a2.call("POST", "/api/v1/actions", {"unit_id": section, "title": "Two servers", "place": "Hall",
                                                 "starts_at": "2031-05-01T10:00", "capacity": 150})["id"]
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(
            lambda ip: (a2 if ip[0] % 2 else b2).call("POST", f"/api/v1/actions/{action}/rsvps", {"person_id": ip[1]})["status"],
            enumerate(people[:200])))
    confirmed, waiting = statuses.count("confirmed"), statuses.count("waiting")
    in_db = db.query(f"SELECT COUNT(*) FROM rsvps WHERE action_id = {action} AND status = 'confirmed'")[0]
    check((confirmed, waiting, in_db) == (150, 50, "150"),
          f"200 RSVPs over both servers for 150 places: {confirmed} confirmed, {waiting} waiting ({in_db} in the database)")
    print(f"[{args.backend}] two servers: {len(acked)} responses from 4 phones, 200 RSVPs, "
          f"{'all checks passed' if not problems else str(len(problems)) + ' failed'}")
finally:
    for s in servers:
        s.stop(signal.SIGTERM)
    db.drop()
    subprocess.run(["rm", "-rf", work])
sys.exit(1 if problems else 0)

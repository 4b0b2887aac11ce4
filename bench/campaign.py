#!/usr/bin/env python3
"""Benchmark: campaign progress at national scale, on the release server over loopback.

Loads the national demo country (400 sections, ~108,000 people, a national focus with targets in
every unit) into a fresh SQLite file, then times, sequentially, N requests each of:
  - the reference: GET /api/v1/units/{nation}, the people-per-stage roll-up of the whole tree
    (what the unit page has always done),
  - GET /api/v1/campaigns/1/progress at the nation, a region, a city and a section,
  - 200 RSVPs sent 8 at a time for an action with 150 places (confirmed / waiting checked).
Prints medians and the ratio of each to the reference.

  python3 bench/campaign.py [N]          default 30
  ENQUETE_BIN=path/to/enquete python3 bench/campaign.py   measures that binary instead
"""
import http.cookiejar, json, os, socket, statistics, subprocess, sys, tempfile, time, urllib.request
from concurrent.futures import ThreadPoolExecutor

N = int(sys.argv[1]) if len(sys.argv) > 1 else 30
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if os.environ.get("ENQUETE_BIN"):
    # An earlier build, to compare with this tree.
    binary = os.environ["ENQUETE_BIN"]
else:
    subprocess.run(["cargo", "build", "--release", "-p", "enquete"], cwd=root, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    meta = json.loads(subprocess.check_output(["cargo", "metadata", "--format-version", "1", "--no-deps"], cwd=root))
    binary = os.path.join(meta["target_directory"], "release", "enquete")
work = tempfile.mkdtemp()
db = f"sqlite://{work}/bench.db"
t0 = time.time()
subprocess.run([binary, "--db", db, "demo", "--scale", "national"], check=True, stdout=subprocess.DEVNULL)
print(f"national demo with its campaign loaded in {time.time() - t0:.0f} s")
s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
server = subprocess.Popen([binary, "--db", db, "serve", "--addr", f"127.0.0.1:{port}"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "ENQUETE_LOG": "warn"})
base = f"http://127.0.0.1:{port}"
try:
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz"); break
        except OSError:
            time.sleep(0.2)
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def call(method, path, body=None, csrf=None):
        req = urllib.request.Request(base + path, method=method,
                                     data=None if body is None else json.dumps(body).encode())
        req.add_header("Content-Type", "application/json")
        if csrf:
            req.add_header("X-CSRF-Token", csrf)
        with opener.open(req) as r:
            return json.loads(r.read() or b"null")

    session = call("POST", "/api/v1/session", {"email": "national-admin@demo.enquete.org", "password": "demo-national-admin-pass"})
    csrf = session["csrf_token"]
    units = call("GET", "/api/v1/units")
    nation = units[0]["id"] if isinstance(units, list) else units["id"]
    progress = call("GET", f"/api/v1/campaigns/1/progress?unit_id={nation}")
    region = progress["children"][0]["unit_id"]
    city = call("GET", f"/api/v1/campaigns/1/progress?unit_id={region}")["children"][0]["unit_id"]
    section = call("GET", f"/api/v1/campaigns/1/progress?unit_id={city}")["children"][0]["unit_id"]

    def timed(path):
        out = []
        for _ in range(N):
            t = time.perf_counter(); call("GET", path); out.append((time.perf_counter() - t) * 1000)
        return statistics.median(out)

    ref = timed(f"/api/v1/units/{nation}")
    print(f"reference GET /api/v1/units/{{nation}} (people per stage, whole tree): median {ref:.1f} ms")
    for name, unit in [("nation", nation), ("region", region), ("city", city), ("section", section)]:
        m = timed(f"/api/v1/campaigns/1/progress?unit_id={unit}")
        print(f"campaign progress at the {name:<7}: median {m:6.1f} ms  ({m / ref:.2f}x the reference)")

    action = call("POST", "/api/v1/actions", {"unit_id": city, "title": "Bench", "place": "Hall",
                                              "starts_at": "2030-01-01T10:00", "capacity": 150}, csrf)["id"]
    people = call("GET", f"/api/v1/people?unit_id={section}&limit=200")
    ids = [p["id"] for p in people["people"]]
    while len(ids) < 200:
        ids.append(call("POST", "/api/v1/people", {"unit_id": section, "name": f"Bench {len(ids)}"}, csrf)["id"])
    t = time.perf_counter()
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda p: call("POST", f"/api/v1/actions/{action}/rsvps", {"person_id": p}, csrf)["status"], ids[:200]))
    took = (time.perf_counter() - t) * 1000
    print(f"200 RSVPs, 8 at a time, 150 places: {statuses.count('confirmed')} confirmed, "
          f"{statuses.count('waiting')} waiting, {took:.0f} ms ({took / 200:.1f} ms each, {took / 200 / ref:.2f}x the reference)")
finally:
    server.terminate(); server.wait()
    subprocess.run(["rm", "-rf", work])

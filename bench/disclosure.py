#!/usr/bin/env python3
"""Benchmark: what protecting small counts costs an analyst, at national scale, on the release
server over loopback (security issue 13, finding 2).

Loads the national demo country (400 sections, ~108,000 people, the enquête) into a fresh SQLite
file, then for the national admin (who sees every count, nothing to protect) and the analyst
(whose counts are protected over the whole tree) times:
  - the survey's results at the nation: the first request after start (the results mask of
    every question over the whole tree is worked out then) and then N more (the median);
  - a cross-tab at the nation (first: its mask over the whole tree; then the median of N);
  - the people per stage of the whole tree (GET /api/v1/units), the median of N;
  - the nation's unit page (people per stage and the ladder month by month), the median of N.
Prints the analyst's figures as ratios to the admin's, measured in the same run.

  python3 bench/disclosure.py [N]          default 20
  ENQUETE_BIN=path/to/enquete python3 bench/disclosure.py   measures that binary instead
"""
import http.cookiejar, json, os, socket, statistics, subprocess, sys, tempfile, time, urllib.request

N = int(sys.argv[1]) if len(sys.argv) > 1 else 20
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if os.environ.get("ENQUETE_BIN"):
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
print(f"national demo loaded in {time.time() - t0:.0f} s")


def serve():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    proc = subprocess.Popen([binary, "--db", db, "serve", "--addr", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "ENQUETE_LOG": "warn"})
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz"); break
        except OSError:
            time.sleep(0.2)
    return proc, base


def client(base, email, password):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def call(path, body=None):
        req = urllib.request.Request(base + path, method="GET" if body is None else "POST",
                                     data=None if body is None else json.dumps(body).encode())
        req.add_header("Content-Type", "application/json")
        with opener.open(req) as r:
            data = r.read()
            if "json" not in r.headers.get("Content-Type", ""):
                return data
            return json.loads(data or b"null")

    call("/api/v1/session", {"email": email, "password": password})
    return call


def measure(role):
    # A fresh server per role: the first request builds what that reader needs.
    proc, base = serve()
    try:
        call = client(base, f"{role}@demo.enquete.org", f"demo-{role}-pass")
        units = call("/api/v1/units")
        nation = units[0]["id"]
        # The enquête: the demo's first survey (the list is newest first).
        survey = min(call("/api/v1/surveys"), key=lambda s: s["id"])
        sid = survey["id"]
        results = f"/api/v1/surveys/{sid}/results?unit_id={nation}"
        t = time.perf_counter(); res = call(results); first = (time.perf_counter() - t) * 1000
        questions = [q for q in res["questions"] if q["options"]]
        single = [q["code"] for q in questions if q["kind"] == "single_choice"]
        cross = f"/api/v1/surveys/{sid}/crosstab?unit_id={nation}&question={questions[0]['code']}&by={single[-1]}"
        t = time.perf_counter(); call(cross); cross_first = (time.perf_counter() - t) * 1000

        def timed(path):
            out = []
            for _ in range(N):
                t = time.perf_counter(); call(path); out.append((time.perf_counter() - t) * 1000)
            return statistics.median(out)

        return {
            "results, first": first,
            "results": timed(results),
            "cross-tab, first": cross_first,
            "cross-tab": timed(cross),
            "people per stage": timed("/api/v1/units"),
            "unit page": timed(f"/units/{nation}"),
        }
    finally:
        proc.terminate(); proc.wait()


admin = measure("national-admin")
analyst = measure("analyst")
for key in admin:
    print(f"{key:<18} admin {admin[key]:8.1f} ms   analyst {analyst[key]:8.1f} ms   "
          f"ratio {analyst[key] / admin[key]:6.2f}")

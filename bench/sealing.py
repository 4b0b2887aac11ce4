#!/usr/bin/env python3
"""Benchmark: what encryption at rest costs, on the release server over loopback.

Loads the national demo country (~108,000 people in 400 sections) twice into fresh SQLite
files, once without a key (fields in clear) and once with ENQUETE_ENCRYPTION_KEY (sealed, with
blind indexes), runs a server on each, and times sequentially N requests each of:
  - the people list of the whole nation (names opened and sorted in the server when sealed),
  - a search by the beginning of a first name at the nation,
  - a search by a full e-mail address at the nation,
  - the people list of one section,
on both. Prints medians and the ratio sealed / clear for each, and the loading times.

  python3 bench/sealing.py [N]          default 20
"""
import base64, http.cookiejar, json, os, socket, statistics, subprocess, sys, tempfile, time, urllib.parse, urllib.request

N = int(sys.argv[1]) if len(sys.argv) > 1 else 20
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
subprocess.run(["cargo", "build", "--release", "-p", "enquete"], cwd=root, check=True,
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
meta = json.loads(subprocess.check_output(["cargo", "metadata", "--format-version", "1", "--no-deps"], cwd=root))
binary = os.path.join(meta["target_directory"], "release", "enquete")
work = tempfile.mkdtemp()
key = base64.b64encode(os.urandom(32)).decode()


def env(sealed):
    e = {**os.environ, "ENQUETE_LOG": "warn"}
    e.pop("ENQUETE_ENCRYPTION_KEY", None)
    if sealed:
        e["ENQUETE_ENCRYPTION_KEY"] = key
    return e


class Server:
    def __init__(self, sealed):
        self.db = f"sqlite://{work}/{'sealed' if sealed else 'clear'}.db"
        t = time.time()
        subprocess.run([binary, "--db", self.db, "demo", "--scale", "national"], check=True,
                       stdout=subprocess.DEVNULL, env=env(sealed))
        self.load = time.time() - t
        s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
        self.proc = subprocess.Popen([binary, "--db", self.db, "serve", "--addr", f"127.0.0.1:{port}"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env(sealed))
        self.base = f"http://127.0.0.1:{port}"
        for _ in range(150):
            try:
                urllib.request.urlopen(self.base + "/healthz"); break
            except OSError:
                time.sleep(0.2)
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.call("POST", "/api/v1/session", {"email": "national-admin@demo.enquete.org",
                                              "password": "demo-national-admin-pass"})

    def call(self, method, path, body=None):
        req = urllib.request.Request(self.base + path, method=method,
                                     data=None if body is None else json.dumps(body).encode())
        req.add_header("Content-Type", "application/json")
        with self.opener.open(req) as r:
            return json.loads(r.read() or b"null")

    def timed(self, path):
        out = []
        for _ in range(N):
            t = time.perf_counter(); self.call("GET", path); out.append((time.perf_counter() - t) * 1000)
        return statistics.median(out)

    def stop(self):
        self.proc.terminate(); self.proc.wait()


servers = []
try:
    clear = Server(False); servers.append(clear)
    sealed = Server(True); servers.append(sealed)
    print(f"national demo loaded: in clear {clear.load:.1f} s, sealed {sealed.load:.1f} s "
          f"({sealed.load / clear.load:.2f}x)")
    units = clear.call("GET", "/api/v1/units")
    nation = units[0]["id"] if isinstance(units, list) else units["id"]
    first = clear.call("GET", "/api/v1/people?limit=1")["people"][0]
    with_mail = next(p for p in clear.call("GET", "/api/v1/people?limit=200")["people"] if p.get("email"))
    section = first["unit_id"]
    prefix = first["name"].split()[0][:4].lower()
    checks = [
        ("people list, whole nation, 50 a page", f"/api/v1/people?limit=50"),
        (f"search '{prefix}' at the nation", f"/api/v1/people?limit=50&q={urllib.parse.quote(prefix)}"),
        ("search by e-mail address at the nation", f"/api/v1/people?limit=50&q={urllib.parse.quote(with_mail['email'])}"),
        ("people list of one section", f"/api/v1/people?limit=50&unit_id={section}"),
    ]
    for name, path in checks:
        a, b = clear.call("GET", path), sealed.call("GET", path)
        same = a["total"] == b["total"] and [p["name"] for p in a["people"]] == [p["name"] for p in b["people"]]
        c, s = clear.timed(path), sealed.timed(path)
        print(f"{name:<42} {a['total']:>7} found: clear {c:7.1f} ms, sealed {s:7.1f} ms "
              f"({s / c:5.2f}x){'' if same else '  RESULTS DIFFER'}")
finally:
    for s in servers:
        s.stop()
    subprocess.run(["rm", "-rf", work])

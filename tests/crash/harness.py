"""Shared by the crash and backup tests: a fresh database with the small demo, the real server
binary started and stopped (or killed), and phones sending batches of new responses the way the
canvassing page does, keeping each batch until the server answers it."""
import http.cookiejar, json, os, random, socket, sqlite3, subprocess, tempfile, threading, time, urllib.error, urllib.request, uuid


def uuid7(prng):
    """A UUID version 7 (time-ordered), as phones make them."""
    ms = int(time.time() * 1000)
    value = (ms << 80) | (0x7 << 76) | (prng.getrandbits(12) << 64) | (0b10 << 62) | prng.getrandbits(62)
    return str(uuid.UUID(int=value))


class Database:
    """A new SQLite file or a new PostgreSQL database, dropped by `drop()`."""

    def __init__(self, backend, postgres_url, work, name="db"):
        self.backend = backend
        self.work = work
        if backend == "sqlite":
            self.path = os.path.join(work, f"{name}.db")
            self.url = f"sqlite://{self.path}"
            self.admin = None
        else:
            base, _, _ = postgres_url.rpartition("/")
            self.name = f"enquete_{name}_{os.getpid()}"
            self.admin = postgres_url
            subprocess.run(["psql", self.admin, "-qc", f"CREATE DATABASE {self.name}"], check=True)
            self.url = f"{base}/{self.name}"

    def query(self, sql):
        """The first column of every row, as text."""
        if self.backend == "sqlite":
            con = sqlite3.connect(self.path)
            rows = [str(r[0]) for r in con.execute(sql)]
            con.close()
            return rows
        out = subprocess.run(["psql", self.url, "-Atc", sql], check=True, capture_output=True, text=True).stdout
        return [line for line in out.splitlines() if line]

    def drop(self):
        if self.admin:
            subprocess.run(["psql", self.admin, "-qc", f"DROP DATABASE IF EXISTS {self.name}"], check=False)


class Server:
    def __init__(self, binary, db_url):
        self.binary, self.db_url = binary, db_url
        s = socket.socket(); s.bind(("127.0.0.1", 0)); self.port = s.getsockname()[1]; s.close()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = None
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.csrf = None

    def start(self):
        self.proc = subprocess.Popen([self.binary, "--db", self.db_url, "serve", "--addr", f"127.0.0.1:{self.port}"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     env={**os.environ, "ENQUETE_LOG": "warn"})
        for _ in range(300):
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=1)
                return
            except OSError:
                time.sleep(0.05)
        raise SystemExit("the server did not start")

    def stop(self, sig):
        self.proc.send_signal(sig)
        self.proc.wait()

    def call(self, method, path, body=None, timeout=10):
        req = urllib.request.Request(self.base + path, method=method,
                                     data=None if body is None else json.dumps(body).encode())
        req.add_header("Content-Type", "application/json")
        if self.csrf:
            req.add_header("X-CSRF-Token", self.csrf)
        with self.opener.open(req, timeout=timeout) as r:
            return json.loads(r.read() or b"null")

    def login_canvasser(self):
        # The session lives in the database: it survives restarts and kills.
        self.csrf = self.call("POST", "/api/v1/session",
                              {"email": "canvasser@demo.enquete.org", "password": "demo-canvasser-pass"})["csrf_token"]


class Phones:
    """Threads sending batches of 1-20 new responses; `acked` holds the ids the server answered
    `accepted` or `duplicate`, `sent` every id sent."""

    def __init__(self, server, count, seed):
        self.server = server
        me = server.call("GET", "/api/v1/session")
        # The enquête: the demo's first survey (the list is newest first).
        self.survey = min(server.call("GET", "/api/v1/surveys"), key=lambda s: s["id"])
        self.unit = me["unit_id"]
        self.acked, self.sent, self.errors = set(), set(), []
        self.batches = self.resent = 0
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._run, args=(random.Random(seed * 100 + i),), daemon=True)
                        for i in range(count)]
        for t in self.threads:
            t.start()

    def snapshot(self):
        with self.lock:
            return set(self.acked)

    def _run(self, prng):
        while not self.stopping.is_set():
            batch = [{"id": uuid7(prng), "survey_id": self.survey["id"], "version": self.survey["version"],
                      "unit_id": self.unit, "channel": "door", "collected_at": int(time.time()),
                      "answers": {"top3": ["housing", "wages"], "trust": prng.randint(0, 10),
                                  "age_band": "a25_34", "gender": "woman", "contact": "no"}}
                     for _ in range(prng.randint(1, 20))]
            with self.lock:
                self.sent.update(r["id"] for r in batch)
            while True:  # keep the batch until the server answers it, as the phone does
                try:
                    out = self.server.call("POST", "/api/v1/responses:batch", {"responses": batch})
                    ok = {r["id"] for r in out["results"] if r["status"] in ("accepted", "duplicate")}
                    bad = [r for r in out["results"] if r["status"] not in ("accepted", "duplicate")]
                    with self.lock:
                        if bad:
                            self.errors.append(f"rejected: {bad[:1]}")
                        self.acked.update(ok)
                        self.batches += 1
                    if bad:
                        self.stopping.set()
                        return
                    break
                except (urllib.error.URLError, ConnectionError, TimeoutError, OSError, json.JSONDecodeError):
                    with self.lock:
                        self.resent += 1
                    time.sleep(0.05)
                    if self.stopping.is_set():
                        return

    def finish(self):
        self.stopping.set()
        for t in self.threads:
            t.join(timeout=30)


def demo(binary, db_url):
    subprocess.run([binary, "--db", db_url, "demo", "--scale", "small"], check=True, stdout=subprocess.DEVNULL)


def workdir():
    return tempfile.mkdtemp(prefix="enquete-crash-")

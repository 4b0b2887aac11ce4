#!/usr/bin/env python3
"""A small OSDI client, as someone running another organizing tool would write it.

It starts at the API entry point, follows the links the server gives (HAL: never builds an
address itself), pages through the people with `next`, and, when asked, signs one person up
through the Person Signup Helper. Only the Python standard library is used.

    python3 sync_people.py https://enquete.example.org/api/osdi/v1 TOKEN
    python3 sync_people.py URL TOKEN --signup ann@example.org "Ann Peeters" --tag volunteer
    python3 sync_people.py URL TOKEN --since 2026-01-01      # changed since a date

It prints one JSON object: the server's name, the people seen (e-mail, name, stage), the
pages read, and the person signed up.
"""

import argparse
import json
import sys
import urllib.error
import urllib.parse
import urllib.request


def call(url, token, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method="GET" if body is None else "POST")
    req.add_header("OSDI-API-Token", token)
    req.add_header("Accept", "application/hal+json")
    if body is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=30) as res:
            kind = res.headers.get("Content-Type", "")
            if not kind.startswith("application/hal+json"):
                sys.exit(f"{url}: expected application/hal+json, got {kind}")
            return json.load(res)
    except urllib.error.HTTPError as e:
        sys.exit(f"{url}: HTTP {e.code}: {e.read().decode(errors='replace')}")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("entry")
    p.add_argument("token")
    p.add_argument("--signup", nargs=2, metavar=("EMAIL", "NAME"))
    p.add_argument("--tag", action="append", default=[])
    p.add_argument("--since")
    p.add_argument("--per-page", type=int, default=2)
    a = p.parse_args()

    entry = call(a.entry, a.token)
    links = entry["_links"]
    out = {"server": entry["product_name"], "osdi_version": entry["osdi_version"]}

    if a.signup:
        email, name = a.signup
        given, _, family = name.partition(" ")
        person = call(links["osdi:person_signup_helper"]["href"], a.token, {
            "person": {
                "given_name": given,
                "family_name": family,
                "email_addresses": [{"address": email, "primary": True, "status": "subscribed"}],
            },
            "add_tags": a.tag,
        })
        out["signed_up"] = person["_links"]["self"]["href"]

    query = {"per_page": a.per_page}
    if a.since:
        query["filter"] = f"modified_date gt '{a.since}'"
    url = links["osdi:people"]["href"] + "?" + urllib.parse.urlencode(query)
    people, pages = [], 0
    while url:
        page = call(url, a.token)
        pages += 1
        for person in page["_embedded"]["osdi:people"]:
            email = next((e["address"] for e in person.get("email_addresses", []) if e.get("primary")), None)
            people.append({
                "email": email,
                "name": f"{person.get('given_name', '')} {person.get('family_name', '')}".strip(),
                "stage": person.get("custom_fields", {}).get("stage"),
            })
        url = page["_links"].get("next", {}).get("href")
        if pages > 1000:
            sys.exit("more than 1000 pages: stopping")
    out["people"] = people
    out["pages"] = pages
    out["total_records"] = page["total_records"]
    print(json.dumps(out))


if __name__ == "__main__":
    main()

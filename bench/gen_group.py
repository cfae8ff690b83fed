#!/usr/bin/env python3
"""Turns a synthetic carepress corpus (../shared/bench/gen_corpus.py --flavor carepress)
into a medical group's site: LOCATIONS clinics, PROVIDERS clinicians with valid NPIs,
the group's account on every platform plus ACCOUNTS accounts per location, and every
article posted to the group and to one location (round robin).

    bench/gen_group.py SITE --locations 40 --providers 300 --accounts 3

Writes content/locations/, content/providers/ and a `social:` block appended to
carepress.yaml; rewrites each article's front matter to add `social.locations`.
Deterministic (no randomness), so runs compare.
"""
import argparse
import pathlib
import re

PLATFORMS = ["facebook", "instagram", "x", "linkedin", "threads", "bluesky", "mastodon"]
SPECIALTIES = ["Family Medicine", "Internal Medicine", "Pediatrics", "Cardiology",
               "Dermatology", "Obstetrics and Gynecology", "Orthopedics", "Psychiatry"]
LANGUAGES = ["English", "Spanish", "Vietnamese", "Tagalog", "Arabic", "Polish"]
CREDENTIALS = ["MD", "DO", "NP", "PA", "RN"]


def npi(n):
    """A valid NPI for the number n: nine digits, then the Luhn check digit over 80840+them."""
    base = f"{100000000 + n:09d}"[:9]
    digits = [int(c) for c in "80840" + base]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return base + str((10 - total % 10) % 10)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("site")
    ap.add_argument("--locations", type=int, default=40)
    ap.add_argument("--providers", type=int, default=300)
    ap.add_argument("--accounts", type=int, default=3, help="accounts per location")
    ap.add_argument("--everywhere", action="store_true",
                    help="post every article to every account (social.locations: all)")
    a = ap.parse_args()
    site = pathlib.Path(a.site)
    locs = site / "content" / "locations"
    provs = site / "content" / "providers"
    locs.mkdir(parents=True, exist_ok=True)
    provs.mkdir(parents=True, exist_ok=True)
    names = [f"clinic-{i:02d}" for i in range(a.locations)]
    for i, slug in enumerate(names):
        (locs / f"{slug}.md").write_text(
            "---\n"
            f"name: Clinic {i:02d}\n"
            f"address: {{ street: {100 + i} Main Street, city: Springfield, region: IL, postal_code: \"627{i:02d}\", country: US }}\n"
            f"geo: [{39.7 + i * 0.01:.4f}, {-89.6 - i * 0.01:.4f}]\n"
            f"phone: \"+1 217 555 {1000 + i:04d}\"\n"
            "hours: { mon: \"08:00-17:00\", tue: \"08:00-17:00\", wed: [\"08:00-12:00\", \"13:00-19:00\"], thu: \"08:00-17:00\", fri: \"08:00-16:00\", sat: closed, sun: closed }\n"
            "services: [Primary care, Vaccinations]\n"
            "---\n\nA clinic of the group.\n")
    for i in range(a.providers):
        cred = CREDENTIALS[i % len(CREDENTIALS)]
        at = sorted({names[i % a.locations], names[(i * 7 + 3) % a.locations]}) if a.locations else []
        (provs / f"provider-{i:03d}.md").write_text(
            "---\n"
            f"name: Provider {i:03d}\n"
            f"credentials: [{cred}]\n"
            f"specialties: [{SPECIALTIES[i % len(SPECIALTIES)]}]\n"
            f"npi: \"{npi(i)}\"\n"
            f"languages: [English, {LANGUAGES[1 + i % (len(LANGUAGES) - 1)]}]\n"
            f"locations: [{', '.join(at)}]\n"
            f"accepting_new_patients: {'true' if i % 4 else 'false'}\n"
            "---\n\nA clinician of the group.\n")
    accounts = [f"    - {{ platform: {p} }}" for p in PLATFORMS]
    for i, slug in enumerate(names):
        for k in range(a.accounts):
            p = PLATFORMS[(i + k) % len(PLATFORMS)]
            accounts.append(f"    - {{ platform: {p}, for: {slug}, handle: \"@{slug}-{p}\" }}")
    config = site / "carepress.yaml"
    text = config.read_text()
    text = re.sub(r"(?ms)^social:.*?(?=^\S|\Z)", "", text)
    text += "social:\n  accounts:\n" + "\n".join(accounts) + "\n"
    config.write_text(text)
    articles = sorted((site / "content" / "articles").rglob("*.md"))
    for n, path in enumerate(articles):
        body = path.read_text()
        body = re.sub(r"(?m)^social: .*\n", "", body)
        if a.everywhere:
            target = "social: { locations: all }\n"
        elif a.locations:
            target = f"social: {{ locations: [group, {names[n % a.locations]}] }}\n"
        else:
            target = ""
        path.write_text(body.replace("\n---\n", "\n" + target + "---\n", 1) if body.startswith("---\n") else body)
    print(f"{a.locations} locations, {a.providers} providers, "
          f"{len(PLATFORMS) + a.locations * a.accounts} accounts, {len(articles)} articles")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Classify the false positives of a trace against the simulator's truth.

Usage: scripts/contacts_false_positives.py REGION_DIR CONTACTS_CSV
  REGION_DIR   a `onecode sim` output (feeds/ and truth/)
  CONTACTS_CSV `onecode export --what contacts` of a store loaded from it

For every co-location pair (case person, person) that is not a true contact, looks
at the true stays of both around the edge's cell and time span and reports, for the
pair of places they were at with the most time together: same place (another zone:
a class, a team, a park zone) or different places, with their kinds and how far
apart the places really were. Pure standard library; ~15 s at 20,000 persons.
"""
import collections
import csv
import datetime
import math
import sys


def ts(s):
    return int(datetime.datetime.fromisoformat(s.replace('Z', '+00:00')).timestamp())


def main(d, contacts):
    cases = {r['case']: r['person'] for r in csv.DictReader(open(f'{d}/feeds/cases.csv'))}
    kinds = {r['place']: r['kind'] for r in csv.DictReader(open(f'{d}/truth/places.csv'))}
    truth = set((r['person'], r['other']) for r in csv.DictReader(open(f'{d}/truth/contacts.csv')))
    stays = collections.defaultdict(list)
    for r in csv.DictReader(open(f'{d}/truth/stays.csv')):
        stays[r['person']].append((ts(r['start']), ts(r['end']), r['place'], float(r['lon']), float(r['lat'])))

    def kind(p):
        return kinds.get(p, 'home' if p.startswith('H') else '?')

    row_deg = 800 / 111195.0  # core/grid.h at the default 800 m

    def centre(row, col):
        lat = (row + 0.5) * row_deg
        w = 800 / (111195.0 * math.cos(math.radians(lat)))
        return ((col + 0.5) * w, lat)

    def metres(a, b):
        return math.hypot((a[0] - b[0]) * 111195 * math.cos(math.radians(a[1])), (a[1] - b[1]) * 111195)

    counts, dist, seen = collections.Counter(), collections.defaultdict(list), set()
    for r in csv.DictReader(open(contacts)):
        if r['kind'] != 'colocation':
            continue
        a, b = cases[r['case']], r['person']
        if (a, b) in truth or (b, a) in truth or (a, b) in seen:
            continue
        seen.add((a, b))
        _, row, col = r['where'].split(':')
        c = centre(int(row), int(col))
        s, e = ts(r['start']), ts(r['end']) + 1
        together, apart = collections.Counter(), {}
        for (s1, e1, p1, x1, y1) in stays[a]:
            if e1 <= s or s1 >= e or metres((x1, y1), c) > 1500:
                continue
            for (s2, e2, p2, x2, y2) in stays[b]:
                if metres((x2, y2), c) > 1500:
                    continue
                x, y = max(s1, s2, s), min(e1, e2, e)
                if y > x:
                    k = ('same ' if p1 == p2 else '') + kind(p1) + '/' + kind(p2)
                    together[k] += y - x
                    apart[k] = metres((x1, y1), (x2, y2))
        if together:
            k = max(together, key=together.get)
            counts[k] += 1
            dist[k].append(apart[k])
        else:
            counts['no true overlap near the cell'] += 1
    print(f'{sum(counts.values())} false co-location pairs; case place / person place; true distance p10/p50/p90 (m)')
    for k, v in counts.most_common(25):
        q = sorted(dist[k])
        qs = [int(q[int(len(q) * f)]) for f in (0.1, 0.5, 0.9)] if q else []
        print(f'{v:7d} {k:32s} {qs}')


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])

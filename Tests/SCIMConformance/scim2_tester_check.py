#!/usr/bin/env python3
"""Runs every scim2-tester check against a SCIM server; exits 0 only when every result is SUCCESS.

Usage: scim2_tester_check.py BASE_URL TOKEN
BASE_URL is a tenant's SCIM root, e.g. http://127.0.0.1:8080/scim/v2/acme.
scim2-tester has no command line of its own; this drives its Python API.
"""
import sys
from collections import Counter

import httpx2
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status, check_server


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    base_url, token = sys.argv[1].rstrip("/") + "/", sys.argv[2]
    http = httpx2.Client(base_url=base_url, headers={"Authorization": f"Bearer {token}"}, timeout=30.0)
    results = check_server(SyncSCIMClient(http))
    for result in results:
        if result.status != Status.SUCCESS:
            kind = f"[{result.resource_type}] " if result.resource_type else ""
            print(f"{result.status.name:10} {kind}{result.title}: {result.reason or ''}")
    counts = Counter(result.status.name for result in results)
    print(f"TOTAL {len(results)} " + " ".join(f"{name}={count}" for name, count in sorted(counts.items())))
    return 0 if results and all(result.status == Status.SUCCESS for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())

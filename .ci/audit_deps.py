"""Audit the locked dependencies with pip-audit, and say plainly what was not audited.

Usage: python .ci/audit_deps.py REQUIREMENTS  (a file from `uv export --frozen --no-hashes`)

pip-audit asks PyPI's JSON API about each pinned version. A package the service does not
know (a private mirror, an unreachable PyPI) is *skipped*, and pip-audit still exits 0:
a silent pass. This wrapper fails on any known vulnerability, fails if pip-audit itself
breaks, and prints a banner naming every package it could not audit. Unaudited packages
fail the run only with AUDIT_STRICT=1: where the vulnerability data cannot be reached, no
commit can fix that, so by default it is reported rather than made to block every build.
"""

import json
import os
import subprocess
import sys

# Known vulnerabilities we accept, each with the reason: {"PYSEC-…": "why it does not apply"}.
IGNORED = {}


def run_pip_audit(requirements):
    command = [
        sys.executable,
        "-m",
        "pip_audit",
        "--requirement",
        requirements,
        # The export pins every package, transitive ones included: audit exactly that list.
        "--no-deps",
        "--disable-pip",
        "--format",
        "json",
        "--progress-spinner",
        "off",
    ]
    for vuln_id in IGNORED:
        command += ["--ignore-vuln", vuln_id]
    # A fixed argument list and no shell: nothing here comes from outside (ruff S603).
    return subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603


def main(requirements):
    strict = os.environ.get("AUDIT_STRICT", "") in {"1", "true", "yes"}
    result = run_pip_audit(requirements)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        message = result.stderr.strip() or result.stdout.strip()
        if any(word in message.lower() for word in ("connect", "timed out", "resolve")):
            print(message.splitlines()[-1], file=sys.stderr)
            print(
                "\n!! pip-audit: NOTHING AUDITED — PyPI's vulnerability service could not be "
                "reached." + ("" if strict else " Set AUDIT_STRICT=1 to fail."),
            )
            return 1 if strict else 0
        print(message, file=sys.stderr)
        print("pip-audit failed without a report.", file=sys.stderr)
        return 2

    dependencies = report.get("dependencies", [])
    vulnerable = [dep for dep in dependencies if dep.get("vulns")]
    skipped = [dep for dep in dependencies if "skip_reason" in dep]
    audited = len(dependencies) - len(skipped)

    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
            print(f"VULNERABLE {dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixes})")
    if skipped:
        print(
            f"\n!! pip-audit: {len(skipped)} of {len(dependencies)} locked packages were NOT "
            "AUDITED: the vulnerability service does not know these versions (offline, or "
            "a package mirror without PyPI's vulnerability data).\n!! "
            + ", ".join(sorted(dep["name"] for dep in skipped))
            + ("\n!! AUDIT_STRICT=1: failing." if strict else "\n!! Set AUDIT_STRICT=1 to fail.")
        )
    print(
        f"pip-audit: {audited} packages audited, {len(vulnerable)} with known vulnerabilities, "
        f"{len(skipped)} not audited, {len(IGNORED)} advisories ignored."
    )
    if vulnerable:
        return 1
    if result.returncode != 0:
        print(result.stderr.strip(), file=sys.stderr)
        return 1
    return 1 if (skipped and strict) else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))

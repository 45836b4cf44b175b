#!/usr/bin/env python3
"""The OpenAPI 3.1 document in openapi-python-client, a generator Python users
run: it must generate every operation of schema/endpoints.json with no
warning (a schema it cannot read is dropped with one, and so is every
operation that uses it), and the generated client must post each endpoint's
docs sample to the mock and read the answer into the answer's model.

    python scripts/check_openapi_client.py MOCK_BINARY   (with openapi-python-client installed)
"""
import importlib
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "target" / "openapi-python-client"
PACKAGE = "pickyassist_generated_client"


def snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def sample(type_name):
    """The mock's choice of case: the first docs sample among the valid cases."""
    files = sorted((ROOT / "schema" / "cases" / type_name / "valid").glob("*.json"))
    docs = [f for f in files if f.name.startswith("docs_")]
    return json.loads((docs or files)[0].read_text(encoding="utf-8"))


def main(mock_binary):
    failures = 0
    OUT.mkdir(parents=True, exist_ok=True)
    config = OUT / "config.json"
    config.write_text('{"post_hooks": []}\n')  # no ruff run: nothing but the generator speaks
    generated = subprocess.run(
        [Path(sys.executable).parent / "openapi-python-client", "generate",
         "--path", ROOT / "schema" / "pickyassist.openapi.json", "--meta", "none",
         "--output-path", OUT / PACKAGE, "--overwrite", "--config", config],
        capture_output=True, text=True)
    said = (generated.stdout + generated.stderr).strip()
    if generated.returncode != 0 or not re.fullmatch(r"Generating \S+", said):
        print(f"openapi-python-client did not generate cleanly (exit {generated.returncode}):\n{said}")
        return 1
    sys.path.insert(0, str(OUT))
    client_module = importlib.import_module(PACKAGE)
    models = importlib.import_module(f"{PACKAGE}.models")
    endpoints = json.loads((ROOT / "schema" / "endpoints.json").read_text(encoding="utf-8"))["endpoints"]
    operations = sorted(p.stem for p in (OUT / PACKAGE / "api" / "default").glob("*.py") if p.stem != "__init__")
    if operations != sorted(e["name"] for e in endpoints):
        print(f"operations generated: {operations}")
        failures += 1
    mock = subprocess.Popen([mock_binary, "mock", "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        line = mock.stdout.readline()
        base = re.search(r"listening on (\S+)", line)
        if not base:
            print(f"the mock did not start: {line!r}")
            return 1
        client = client_module.Client(base_url=base.group(1), raise_on_unexpected_status=True)
        answered = 0
        for e in endpoints:
            request_model = getattr(models, e["request"])
            response_model = getattr(models, e["response"])
            operation = importlib.import_module(f"{PACKAGE}.api.default.{e['name']}")
            body = request_model.from_dict(sample(e["request"]))
            response = operation.sync_detailed(client=client, body=body)
            if response.status_code != 200 or not isinstance(response.parsed, response_model):
                failures += 1
                print(f"{e['name']}: HTTP {response.status_code}, parsed {type(response.parsed).__name__}: "
                      f"{response.content[:300]!r}")
            else:
                answered += 1
    finally:
        mock.terminate()
        mock.wait()
    print(f"openapi-python-client: {len(operations)} operations generated with no warning, "
          f"{len(list((OUT / PACKAGE / 'models').glob('*.py'))) - 1} model modules; {answered} of "
          f"{len(endpoints)} endpoints posted their docs sample to the mock and read the answer into its model")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

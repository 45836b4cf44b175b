"""Python types from the bundle, proven with the user's own tools:
datamodel-code-generator turns schema/pickyassist.bundle.json into pydantic v2
models, and every valid case must parse with its type's model.

    python scripts/check_pydantic.py   (after pip install datamodel-code-generator)

pydantic has no form for conditionals (if/then, "required when"), "at least
one of" rules or `not`; those stay with the validators, so invalid cases are
not expected to fail here.
"""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "target" / "types"


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    module_path = OUT / "pickyassist_models.py"
    subprocess.run(
        [
            sys.executable, "-m", "datamodel_code_generator",
            "--input", str(ROOT / "schema" / "pickyassist.bundle.json"),
            "--input-file-type", "jsonschema",
            "--output", str(module_path),
            "--output-model-type", "pydantic_v2.BaseModel",
            "--use-title-as-name",
            "--formatters", "black",
        ],
        check=True,
        capture_output=True,
    )
    spec = importlib.util.spec_from_file_location("pickyassist_models", module_path)
    models = importlib.util.module_from_spec(spec)
    sys.modules["pickyassist_models"] = models
    spec.loader.exec_module(models)
    parsed = failed = 0
    for case in sorted((ROOT / "schema" / "cases").glob("*/valid/*.json")):
        type_name = case.parent.parent.name
        model = getattr(models, type_name, None)
        if model is None:
            print(f"no pydantic model for {type_name}")
            failed += 1
            continue
        payload = json.loads(case.read_text(encoding="utf-8"))
        try:
            model.model_validate(payload)
            parsed += 1
        except Exception as error:  # a pydantic ValidationError, shown whole
            failed += 1
            print(f"FAIL {case.relative_to(ROOT)}: {error}")
    print(f"pydantic (datamodel-code-generator): {parsed} valid cases parse with their models, {failed} fail")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

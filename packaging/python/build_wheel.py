#!/usr/bin/env python3
"""Builds the pickyassist_schema wheel (run by `cargo xtask package`).

    python build_wheel.py VERSION OUT_DIR   (with datamodel-code-generator installed)

A wheel is a zip with a .dist-info directory (PEP 427); writing it here with
the standard library needs no build backend. Entries are sorted and dated
1980-01-01, so the same inputs give the same bytes.
"""
import base64
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
NAME = "pickyassist_schema"


# Appended to the generated models: pydantic quotes the input in a
# ValidationError's text, and request and webhook bodies hold phone numbers,
# message texts and tokens.
MODELS_FOOTER = '''

# Added by build_wheel.py: a validation error's text names the place and the
# rule, never the value (`ValidationError.errors()` still returns the input).
def _hide_input_in_errors() -> None:
    import pydantic as _pydantic

    models = [
        m
        for m in list(globals().values())
        if isinstance(m, type) and issubclass(m, _pydantic.BaseModel) and m.__module__ == __name__
    ]
    for m in models:
        m.model_config["hide_input_in_errors"] = True
    for m in models:
        m.model_rebuild(force=True)


_hide_input_in_errors()
'''


def metadata(version):
    readme = (HERE / "README.md").read_text(encoding="utf-8")
    return (
        "Metadata-Version: 2.1\n"
        f"Name: {NAME}\n"
        f"Version: {version}\n"
        "Summary: Picky Assist API schemas: JSON Schema bundle, OpenAPI document, validate(), pydantic models\n"
        "Home-page: https://github.com/pickyassist-rs/pickyassist-rs\n"
        "License: MIT OR Apache-2.0\n"
        "Requires-Python: >=3.10\n"
        "Requires-Dist: jsonschema>=4.18,<5\n"
        "Requires-Dist: pydantic>=2.1,<3\n"
        "Description-Content-Type: text/markdown\n\n"
        f"{readme}"
    )


def main(version, out_dir):
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        pkg = Path(tmp) / NAME
        shutil.copytree(HERE / NAME, pkg, ignore=shutil.ignore_patterns("__pycache__"))
        for doc in ["pickyassist.bundle.json", "pickyassist.openapi.json"]:
            shutil.copy(ROOT / "schema" / doc, pkg / doc)
        subprocess.run(
            [sys.executable, "-m", "datamodel_code_generator",
             "--input", str(ROOT / "schema" / "pickyassist.bundle.json"),
             "--input-file-type", "jsonschema",
             "--output", str(pkg / "models.py"),
             "--output-model-type", "pydantic_v2.BaseModel",
             "--use-title-as-name",
             "--disable-timestamp",
             "--formatters", "black"],
            check=True,
            # Its notes on naming and optional formatters are not build errors.
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
        with open(pkg / "models.py", "a", encoding="utf-8") as models:
            models.write(MODELS_FOOTER)
        files = {f"{NAME}/{p.relative_to(pkg).as_posix()}": p.read_bytes()
                 for p in sorted(pkg.rglob("*")) if p.is_file()}
    info = f"{NAME}-{version}.dist-info"
    files[f"{info}/METADATA"] = metadata(version).encode()
    files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: pickyassist-rs xtask\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    for license in ["LICENSE-MIT", "LICENSE-APACHE"]:
        files[f"{info}/licenses/{license}"] = (ROOT / license).read_bytes()
    record = []
    for path, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(data)}")
    record.append(f"{info}/RECORD,,")
    files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    wheel = out_dir / f"{NAME}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as z:
        for path, data in files.items():
            entry = zipfile.ZipInfo(path, date_time=(1980, 1, 1, 0, 0, 0))
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(entry, data)
    print(f"{wheel}: {len(files)} files")


if __name__ == "__main__":
    main(*sys.argv[1:3])

"""The consultation vignettes (``*.toml`` in this folder): the ground truth of docs/vignettes.md, loaded and checked."""

from __future__ import annotations

import tomllib
from pathlib import Path

import msgspec

from models.taxonomy import CATEGORY_CODES
from models.vignette import Vignette

VIGNETTE_DIR = Path(__file__).parent
# Vignettes by a second author and a second, blind grading of the project's profiles: an independent check
# that ``lotse evaluate`` reports; nothing ever trains on them.
INDEPENDENT_DIR = VIGNETTE_DIR / "independent"


class VignetteFileError(ValueError):
    """A vignette file breaks the format; the message lists every problem."""


def load_vignettes(directory: Path = VIGNETTE_DIR, pattern: str = "*.toml") -> list[Vignette]:
    """Every vignette in the files of ``directory`` matching ``pattern``, in file and then file order; refuses
    the lot if one is broken."""
    vignettes: list[Vignette] = []
    problems: list[str] = []
    for path in sorted(directory.glob(pattern)):
        with path.open("rb") as file:
            raw = tomllib.load(file)
        for item in raw.get("vignette", []):
            try:
                vignette = msgspec.convert(item, Vignette)
            except msgspec.ValidationError as error:
                problems.append(f"{path.name}: vignette {item.get('id', '?')}: {error}")
                continue
            problems += [f"{path.name}: {vignette.id}: {problem}" for problem in vignette_problems(vignette)]
            vignettes.append(vignette)
    seen: set[str] = set()
    for vignette in vignettes:
        if vignette.id in seen:
            problems.append(f"vignette id {vignette.id} is used twice")
        seen.add(vignette.id)
    if problems:
        raise VignetteFileError("the vignettes are broken:\n" + "\n".join(problems))
    return vignettes


def vignette_problems(vignette: Vignette) -> list[str]:
    """What a single vignette gets wrong: unknown categories, a must-not with a grade, an urgent need graded below 3."""
    known = set(CATEGORY_CODES)
    problems = [f"unknown category {code!r}" for code in [*vignette.grades, *vignette.must_not] if code not in known]
    problems += [
        f"must_not {code} has grade {vignette.grades[code]}" for code in vignette.must_not if vignette.grades.get(code)
    ]
    if vignette.urgent is not None and vignette.grades.get(vignette.urgent) != 3:
        problems.append(f"the urgent category {vignette.urgent} needs grade 3")
    if not any(grade >= 2 for grade in vignette.grades.values()):
        problems.append("at least one category needs grade 2 or 3")
    return problems

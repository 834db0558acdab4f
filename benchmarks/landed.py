"""The landed version of a module, for benchmarks that compare a change with what it replaced.

``landed_module("transforms/linking.py")`` reads the file as committed at ``BASELINE``
(the last commit before this round's rewrite) with ``git show`` and runs it as a fresh module,
so a baseline is the real old code, not a copy kept in the tree. Needs the git history,
which a clone of the repository has.
"""

from __future__ import annotations

import subprocess
import sys
import types
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# The commit the second round started from (linking, periods and languages as they landed).
BASELINE = "71756f4"


@cache
def landed_module(path: str, revision: str = BASELINE) -> types.ModuleType:
    source = subprocess.run(
        ["git", "show", f"{revision}:{path}"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    name = "landed_" + path.removesuffix(".py").replace("/", "_")
    module = types.ModuleType(name)
    module.__file__ = f"{revision}:{path}"
    sys.modules[name] = module  # dataclasses look their module up there
    exec(compile(source, module.__file__, "exec"), module.__dict__)
    return module

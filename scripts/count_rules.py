"""Count hand-written regexes and word lists in Python folders (issue 14's measure).

    python scripts/count_rules.py service/extract service/text

regex: each call re.compile/search/match/fullmatch/sub/subn/finditer/findall/split, plus each
    string in a module-level table of patterns (a literal tuple/list/set/dict holding two or
    more strings with regex syntax: \\b, (?, [ or |).
word list: each other module-level literal set/frozenset/tuple/list/dict holding three or more
    strings (`__all__` excluded).
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

RE_FUNCS = {
    "compile",
    "search",
    "match",
    "fullmatch",
    "sub",
    "subn",
    "finditer",
    "findall",
    "split",
}
META = re.compile(r"\\b|\(\?|\[|\|")


def _strings(node: ast.AST) -> list[str]:
    return [
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


def _is_re_call(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "re"
        and node.func.attr in RE_FUNCS
    )


def count(path: Path) -> tuple[int, int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    regexes = sum(1 for n in ast.walk(tree) if _is_re_call(n))
    lists = 0
    for stmt in tree.body:
        if not isinstance(stmt, ast.Assign | ast.AnnAssign) or stmt.value is None:
            continue
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            continue
        value = stmt.value
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.args:
            value = value.args[0]
        if isinstance(value, ast.Set | ast.Tuple | ast.List | ast.Dict):
            strings = _strings(value)
            patterns = [s for s in strings if META.search(s)]
            if len(patterns) >= 2:
                regexes += len(patterns)
            elif len(strings) >= 3:
                lists += 1
    return regexes, lists


def main(folders: list[str]) -> None:
    total = [0, 0]
    for folder in folders:
        for path in sorted(Path(folder).rglob("*.py")):
            regexes, lists = count(path)
            if regexes or lists:
                print(f"{path}: regexes={regexes} word_lists={lists}")
            total[0] += regexes
            total[1] += lists
    print(f"TOTAL regexes={total[0]} word_lists={total[1]} sum={sum(total)}")


if __name__ == "__main__":
    main(sys.argv[1:])

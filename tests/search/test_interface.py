"""The search interface is the only way in: no caller sees an engine (issue 16).

Engine modules (search/whoosh_*.py, search/columns.py, search/postgres_*.py) are imported only by engine modules and
by the registry in search/engine.py; no module outside them imports Whoosh, and the bit encoding
of the vocabularies lives in the taxonomy.
"""

import ast
from pathlib import Path

import pytest

import zwk_network
from zwk_network.config import StartupError
from zwk_network.search import engine

PACKAGE = Path(zwk_network.__file__).parent
ENGINE_MODULES = {"whoosh_arrays", "whoosh_backend", "whoosh_query", "whoosh_schema", "whoosh_scoring"}
ENGINE_MODULES |= {
    "whoosh_search",
    "columns",
    "postgres_backend",
    "postgres_map",
    "postgres_rows",
    "postgres_search",
}
ENGINE_MODULES |= {"postgres_terms", "postgres_candidates", "whoosh_parallel"}
#: Whoosh's analysis pipeline is the project's German analysis (one analyzer for index and query),
#: and its highlighter marks both engines' snippets over that analysis.
MAY_IMPORT_WHOOSH = {"search/analysis.py", "search/snippets.py"}


def _imports(path: Path) -> set[str]:
    """The modules a file imports, relative imports resolved within the package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = list(package[: len(package) - node.level + 1]) if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found.add(module)
            found |= {f"{module}.{alias.name}" for alias in node.names}
    return found


def _is_engine(path: Path) -> bool:
    return path.parent.name == "search" and path.stem in ENGINE_MODULES


@pytest.mark.parametrize(
    "path",
    [p for p in sorted(PACKAGE.rglob("*.py")) if not _is_engine(p)],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_no_caller_imports_an_engine(path):
    imported = _imports(path)
    engines = {f"zwk_network.search.{name}" for name in ENGINE_MODULES}
    assert not imported & engines, f"{path.relative_to(PACKAGE)} imports an engine module"
    if str(path.relative_to(PACKAGE)) not in MAY_IMPORT_WHOOSH:
        assert not {name for name in imported if name.split(".")[0] == "whoosh"}


def test_every_registered_engine_implements_the_interface():
    for name in engine.ENGINES:
        cls = engine.engine_class(name)
        assert not cls.__abstractmethods__, f"{name} lacks {sorted(cls.__abstractmethods__)}"


def test_an_unknown_engine_stops_start_up_with_a_clear_message():
    with pytest.raises(StartupError, match="SEARCH_BACKEND='solr' is not a search engine"):
        engine.engine_name({"SEARCH_BACKEND": "solr"})
    assert engine.engine_name({"SEARCH_BACKEND": ""}) == engine.DEFAULT_ENGINE

"""docs/import-format.md is written from the declarations (`flask docs import-format`) and is current."""

from zwk_network.exchange.format_doc import IMPORT_FORMAT_DOC, import_format_markdown, rule_of
from zwk_network.registry.schema import INITIATIVE, MEETING_PLACE


def test_the_committed_import_format_is_what_the_declarations_say(app):
    assert IMPORT_FORMAT_DOC.read_text(encoding="utf-8") == import_format_markdown(), (
        "docs/import-format.md is out of date: run `flask --app zwk_network docs import-format`"
    )


def test_the_document_states_each_declared_limit(app):
    text = import_format_markdown()
    assert (
        "| `opening_times` | initiatives, places | meeting rhythm or opening times; ≤ 2 000 characters |"
        in text
    )
    assert "| `capacity` | places | a whole number from 0 to 100 000 |" in text
    assert f"| `description` | all but regions | {rule_of(INITIATIVE['description'])} |" in text
    assert "≤ 10 000 characters" in rule_of(MEETING_PLACE["description"])
    assert "| `treffpunkt` | Treffpunkt und Raum | Meeting place and room | 5 km |" in text


def test_the_command_writes_it(runner, tmp_path):
    target = tmp_path / "import-format.md"
    result = runner.invoke(args=["docs", "import-format", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == import_format_markdown()

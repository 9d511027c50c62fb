"""The CLI: seed, import (with exit codes and per-row messages) and export."""

import json

from sqlalchemy import func, select

from zwk_network.extensions import db
from zwk_network.registry.models import Initiative

from .conftest import fresh_database_url, make_app
from .exchange.helpers import point_feature, write_geojson
from .factories import make_kommune


def test_seed_command_twice(runner):
    first = runner.invoke(args=["seed"])
    assert first.exit_code == 0, first.output
    assert "imported 72 new initiatives" in first.output
    second = runner.invoke(args=["seed"])
    assert second.exit_code == 0 and "skipped 72 already present" in second.output


def test_import_reports_problems_and_fails(runner, tmp_path):
    make_kommune()
    path = write_geojson(tmp_path / "a.geojson", [point_feature("ok"), point_feature("bad", themes=["x"])])
    result = runner.invoke(args=["import", "initiatives", path])
    assert result.exit_code == 1
    assert "row 2, themes: unknown theme slug(s): x" in result.output
    assert "nothing was imported" in result.output


def test_import_dry_run_and_real_run(runner, tmp_path):
    make_kommune()
    path = write_geojson(tmp_path / "a.geojson", [point_feature("ok")])
    dry = runner.invoke(args=["import", "initiatives", path, "--dry-run", "--kommune", "testkreis"])
    assert dry.exit_code == 0 and "would import 1 new initiatives" in dry.output
    real = runner.invoke(args=["import", "initiatives", path])
    assert real.exit_code == 0 and "imported 1 new initiatives" in real.output


def test_import_missing_file_and_unknown_kind(runner, tmp_path):
    result = runner.invoke(args=["import", "initiatives", str(tmp_path / "nope.geojson")])
    assert result.exit_code == 1 and "cannot read the file" in result.output
    assert runner.invoke(args=["import", "unicorns", "x.geojson"]).exit_code == 2


def test_export_command(runner, tmp_path):
    runner.invoke(args=["seed"])
    path = tmp_path / "municipalities.geojson"
    result = runner.invoke(args=["export", "places", str(path)])
    assert result.exit_code == 0 and "exported 22 places" in result.output
    assert len(json.loads(path.read_text(encoding="utf-8"))["features"]) == 22
    bad = runner.invoke(args=["export", "places", str(tmp_path / "municipalities.txt")])
    assert bad.exit_code == 1 and "unknown file type" in bad.output


def test_commands_refuse_an_unmigrated_database(backend, tmp_path_factory):
    app = make_app(fresh_database_url(backend, f"{backend}_unmigrated", tmp_path_factory), tmp_path_factory)
    runner = app.test_cli_runner()
    for args in (["seed"], ["import", "initiatives", "x.geojson"], ["export", "places", "x.geojson"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 1 and "flask --app zwk_network db upgrade" in result.output
    with app.app_context():
        db.engine.dispose()


def test_import_of_broken_files_reports_and_fails_without_a_traceback(runner, tmp_path):
    make_kommune()
    huge = tmp_path / "huge.csv"
    huge.write_text('name,lat,lon\nGut,53.8,12.1\n"' + "x" * 60_000_000 + '",53.8,12.1\n', encoding="utf-8")
    deep = tmp_path / "deep.geojson"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    nul = tmp_path / "nul.csv"
    nul.write_bytes(b"na\x00me,lat,lon\nChor,53.8,12.1\n")
    expected = {
        huge: "row 3: has a field longer than 131072 characters",
        deep: "file: the JSON is nested more than 20 levels deep",
        nul: "file, header: unknown column(s) in the CSV header: 'na\\x00me'",
    }
    for path, message in expected.items():
        result = runner.invoke(args=["import", "initiatives", str(path)])
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
        assert message in result.output and "nothing was imported" in result.output, result.output
        assert "Traceback" not in result.output and "\x00" not in result.output
    assert db.session.scalar(select(func.count()).select_from(Initiative)) == 0

"""Wires the web layer: translations, blueprints, error pages and CLI commands."""

from flask import Flask

from .cli import init_cli


def init_web(app: Flask) -> None:
    init_cli(app)

"""Wires the web layer: translations, blueprints, error pages and CLI commands."""

from flask import Flask


def init_web(app: Flask) -> None:
    pass
